using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

public sealed class GetInboxTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inbox_IsSortedByDueMoment_WithTasksWithoutADueMomentLast()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, late) = await world.StartAsync("HS-C");
        var (_, none) = await world.StartAsync("HS-D");
        var (_, soon) = await world.StartAsync("HS-A");
        var (_, later) = await world.StartAsync("HS-B");
        var now = DateTimeOffset.UtcNow;
        await world.SetDueAsync(soon, now.AddHours(1));
        await world.SetDueAsync(later, now.AddDays(2));
        await world.SetDueAsync(late, now.AddDays(5));
        await world.SetDueAsync(none, null);

        var page = await InboxAsync(world.Clerk, new InboxRequest());

        Assert.Equal([soon, later, late, none], page.Items.Select(i => i.Id));
        Assert.Equal(4, page.Total);
        Assert.All(page.Items.Take(3), i => Assert.NotNull(i.WorkingHoursLeft));
        Assert.Equal("HS-A", page.Items[0].CaseReference);
    }

    [Fact]
    public async Task Inbox_HoldsMyTasksAndMyUnitsUnclaimedOnes_NotAnotherUnitsNorAnotherAgencysNorOneSomeoneElseClaimed()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, mine) = await world.StartAsync("HS-1");
        var (_, open) = await world.StartAsync("HS-2");
        var (_, theirs) = await world.StartAsync("HS-3");
        await ClaimAsync(world.Clerk, mine);
        await ClaimAsync(world.SecondClerk, theirs);

        var clerk = await InboxAsync(world.Clerk, new InboxRequest());
        var specialist = await InboxAsync(world.Specialist, new InboxRequest());
        var stranger = await InboxAsync(world.OtherClerk, new InboxRequest());

        Assert.Equal([mine, open], clerk.Items.Select(i => i.Id).Order());
        Assert.True(clerk.Items.Single(i => i.Id == mine).IsMine);
        Assert.False(clerk.Items.Single(i => i.Id == open).IsMine);
        Assert.Empty(specialist.Items);
        Assert.Empty(stranger.Items);
    }

    [Fact]
    public async Task Inbox_IsPagedOnTheServer_WithTheTotal()
    {
        var world = await InboxWorld.CreateAsync(factory);
        for (var i = 0; i < 5; i++)
        {
            await world.StartAsync($"HS-{i}");
        }

        var first = await InboxAsync(world.Clerk, new InboxRequest(PageSize: 2));
        var third = await InboxAsync(world.Clerk, new InboxRequest(Page: 3, PageSize: 2));
        var all = await InboxAsync(world.Clerk, new InboxRequest(PageSize: 10));

        Assert.Equal(5, first.Total);
        Assert.Equal(2, first.Items.Count);
        Assert.Equal(all.Items.Take(2).Select(i => i.Id), first.Items.Select(i => i.Id));
        Assert.Equal(all.Items[4].Id, Assert.Single(third.Items).Id);
        // A page that is not full says the total without a count: what precedes it plus its rows.
        Assert.Equal(5, third.Total);
        Assert.Equal(5, all.Total);
    }

    [Fact]
    public async Task Inbox_PageBeyondTheLast_IsEmpty_WithTheTotal()
    {
        var world = await InboxWorld.CreateAsync(factory);
        await world.StartAsync("HS-1");
        await world.StartAsync("HS-2");

        var beyond = await InboxAsync(world.Clerk, new InboxRequest(Page: 3, PageSize: 2));

        Assert.Empty(beyond.Items);
        Assert.Equal(2, beyond.Total);
        Assert.Equal(3, beyond.Page);
    }

    [Fact]
    public async Task Inbox_FiltersByStatusProcedureAndReceivedDates()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, mine) = await world.StartAsync("HS-MINE", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)));
        var (_, overdue) = await world.StartAsync("HS-LATE", new DateTimeOffset(2026, 3, 5, 16, 30, 0, TimeSpan.FromHours(7)));
        var (_, recent) = await world.StartAsync("HS-NEW");
        await ClaimAsync(world.Clerk, mine);
        await world.SetDueAsync(overdue, DateTimeOffset.UtcNow.AddHours(-3));

        Assert.Equal([mine], (await InboxAsync(world.Clerk, new InboxRequest(Status: InboxStatus.Mine))).Items.Select(i => i.Id));
        Assert.Equal(new[] { overdue, recent }.Order(), (await InboxAsync(world.Clerk, new InboxRequest(Status: InboxStatus.Unclaimed))).Items.Select(i => i.Id).Order());
        var late = Assert.Single((await InboxAsync(world.Clerk, new InboxRequest(Status: InboxStatus.Overdue))).Items);
        Assert.Equal((overdue, "Overdue"), (late.Id, late.DueState));
        Assert.True(late.WorkingHoursLeft <= 0);
        Assert.Equal(3, (await InboxAsync(world.Clerk, new InboxRequest(Procedure: InboxWorld.Procedure))).Total);
        Assert.Equal(0, (await InboxAsync(world.Clerk, new InboxRequest(Procedure: "tthc-cap-xa"))).Total);
        // Received 02/03 and 05/03 (Vietnamese days): the first week of March holds both, 05/03 alone holds the late one.
        Assert.Equal(2, (await InboxAsync(world.Clerk, new InboxRequest(ReceivedFrom: new DateOnly(2026, 3, 1), ReceivedTo: new DateOnly(2026, 3, 7)))).Total);
        Assert.Equal([overdue], (await InboxAsync(world.Clerk, new InboxRequest(ReceivedFrom: new DateOnly(2026, 3, 5), ReceivedTo: new DateOnly(2026, 3, 5)))).Items.Select(i => i.Id));

        // "Mine" alone runs as compiled queries: pages in due order, the total counted when a page is full or empty.
        await ClaimAsync(world.Clerk, overdue);
        var first = await InboxAsync(world.Clerk, new InboxRequest(Status: InboxStatus.Mine, PageSize: 1));
        var second = await InboxAsync(world.Clerk, new InboxRequest(Status: InboxStatus.Mine, Page: 2, PageSize: 1));
        var past = await InboxAsync(world.Clerk, new InboxRequest(Status: InboxStatus.Mine, Page: 3, PageSize: 1));
        Assert.Equal([overdue], first.Items.Select(i => i.Id));
        Assert.Equal([mine], second.Items.Select(i => i.Id));
        Assert.Equal((2, 2), (first.Total, second.Total));
        Assert.Equal((0, 2), (past.Items.Count, past.Total));
        Assert.Equal("HS-LATE", Assert.Single(first.Items).CaseReference);
    }

    [Theory]
    [InlineData("lost", null, 1, 20, "status")]
    [InlineData(null, null, 0, 20, "page")]
    [InlineData(null, null, 1, 101, "pageSize")]
    public async Task Inbox_WithABadFilter_IsInvalidNamingTheField(string? status, string? procedure, int page, int pageSize, string field)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var caller = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);

        var result = await scope.Get<GetInbox>().HandleAsync(caller, new InboxRequest(status, procedure, Page: page, PageSize: pageSize), Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Contains(field, result.Problem!.Errors.Keys);
    }

    [Fact]
    public async Task SavedFilters_ArePerPerson_AndSavingUnderTheSameNameReplaces()
    {
        var world = await InboxWorld.CreateAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var filters = scope.Get<InboxFilters>();
        var clerk = await InboxWorld.CallerAsync(scope, world.Clerk);
        var other = await InboxWorld.CallerAsync(scope, world.SecondClerk);

        var saved = await filters.SaveAsync(clerk, "Quá hạn", "status=overdue", Ct);
        await filters.SaveAsync(clerk, "Quá hạn", "?status=overdue&procedure=tthc-mot-cap", Ct);
        await filters.SaveAsync(clerk, "Của tôi", "status=mine", Ct);
        var blank = await filters.SaveAsync(clerk, "  ", "status=mine", Ct);

        Assert.True(saved.Succeeded);
        var mine = await filters.ListAsync(clerk, Ct);
        Assert.Equal(["Của tôi", "Quá hạn"], mine.Select(f => f.Name));
        Assert.Equal("status=overdue&procedure=tthc-mot-cap", mine.Single(f => f.Name == "Quá hạn").Query);
        Assert.Empty(await filters.ListAsync(other, Ct));
        Assert.Equal(ProblemKind.Invalid, blank.Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await filters.DeleteAsync(other, saved.Value.Id, Ct)).Problem?.Kind);
        Assert.True((await filters.DeleteAsync(clerk, saved.Value.Id, Ct)).Succeeded);
        Assert.Equal(["Của tôi"], (await filters.ListAsync(clerk, Ct)).Select(f => f.Name));
    }

    private async Task<InboxPage> InboxAsync(string userName, InboxRequest request)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.Get<GetInbox>().HandleAsync(await scope.ServiceProvider.CallerAsync(userName), request, Ct);
        Assert.True(result.Succeeded, result.Problem?.ToString());
        return result.Value;
    }

    private async Task ClaimAsync(string userName, Guid taskId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var claimed = await scope.Get<ClaimTask>().HandleAsync(await scope.ServiceProvider.CallerAsync(userName), taskId, Ct);
        Assert.True(claimed.Succeeded, claimed.Problem?.ToString());
    }
}
