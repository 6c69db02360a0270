using System.Globalization;
using Iso.Data;
using Iso.Data.Procedures;
using Iso.Web.Application;
using Iso.Web.Procedures;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Iso.Web.Tests.Procedures.ProcedureTestData;

namespace Iso.Web.Tests.Procedures;

/// <summary>Test runs of an adopted <c>tthc-mot-cap</c> (receive ½, assign ½, examine 7, review ½, approve 1, register ½
/// working days; notify-supplement and deliver not counted; 10 working days, intake rule). 30/04–03/05/2026 are days off.</summary>
public sealed class TestRunProcedureTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2026-04-29T14:00")] // the afternoon before 30/4–3/5: the first step runs into Monday 04/05
    [InlineData("2026-04-29T15:30")] // after 15:00: counted from Monday 04/05
    [InlineData("2026-08-28T15:30")] // Friday after 15:00, before National Day (29/8–2/9)
    public async Task DefaultPath_TakesFirstOutcomes_AndEveryDueMomentIsWhatCalendarDueComputes(string local)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();

        var run = await scope.Get<TestRunProcedure>().HandleAsync(officer, null, key, 1, new TestRunRequest(At(calendar, local)), cancellationToken: Ct);

        Assert.True(run.Succeeded, run.Problem?.ToString());
        var result = run.Value;
        Assert.Equal("completed", result.Status);
        Assert.Equal("completed", result.EndResult);
        Assert.Equal(["receive", "assign", "examine", "review", "approve", "register", "deliver"], result.Path.Select(s => s.NodeId));
        Assert.All(result.Path, s => Assert.False(s.Chosen));
        Assert.Equal(CalendarDue(calendar, local, "--working-days", "10", intake: true), Local(calendar, result.DueAt!.Value));
        Assert.Equal(TimeOf(local) >= new TimeOnly(15, 0), result.CountedFromNextWorkingPeriod);
        var from = local;
        var intake = true;
        foreach (var step in result.Path)
        {
            if (step.NotCounted)
            {
                Assert.Null(step.DueAt);
                Assert.Equal(step.StartedAt, step.CompletedAt);
                continue;
            }

            var expected = CalendarDue(calendar, from, "--working-hours", step.WorkingHours!.Value.ToString(CultureInfo.InvariantCulture), intake);
            Assert.Equal(expected, Local(calendar, step.DueAt!.Value));
            Assert.Equal(step.DueAt, step.CompletedAt);
            from = expected;
            intake = false;
        }

        Assert.True(result.OnTime);
        Assert.Equal(result.Path[^1].CompletedAt, result.EndedAt);
    }

    [Fact]
    public async Task TheFirstStep_ReceivedTheAfternoonBeforeTheHoliday_IsDueAfterIt()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();

        var result = (await scope.Get<TestRunProcedure>().HandleAsync(officer, null, key, 1, new TestRunRequest(At(calendar, "2026-04-29T14:00")), cancellationToken: Ct)).Value;

        var receive = result.Path[0];
        Assert.False(result.CountedFromNextWorkingPeriod);
        Assert.Equal("2026-04-29T14:00", Local(calendar, receive.StartedAt));
        Assert.StartsWith("2026-05-04T", Local(calendar, receive.DueAt!.Value), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChosenOutcomes_AreTakenInTheOrderTheStepIsReached_ThenTheDefault()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();
        var outcomes = new Dictionary<string, IReadOnlyList<string>> { ["review"] = ["return"] };

        var result = (await scope.Get<TestRunProcedure>().HandleAsync(
            officer, null, key, 1, new TestRunRequest(At(calendar, "2026-03-02T08:00"), outcomes), cancellationToken: Ct)).Value;

        Assert.Equal(["receive", "assign", "examine", "review", "examine", "review", "approve", "register", "deliver"], result.Path.Select(s => s.NodeId));
        Assert.Equal("return", result.Path[3].Outcome);
        Assert.True(result.Path[3].Chosen);
        Assert.Equal("submit", result.Path[5].Outcome);
        Assert.False(result.Path[5].Chosen);
        Assert.False(result.OnTime); // 7 more working days of examination: beyond the 10-day limit
        Assert.True(result.EndedAt > result.DueAt);
    }

    [Fact]
    public async Task AnOutcomeToAnEnd_EndsTheRunWithThatResult()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();

        var result = (await scope.Get<TestRunProcedure>().HandleAsync(officer, null, key, 1,
            new TestRunRequest(At(calendar, "2026-03-02T08:00"), new Dictionary<string, IReadOnlyList<string>> { ["receive"] = ["refuse"] }), cancellationToken: Ct)).Value;

        var only = Assert.Single(result.Path);
        Assert.Equal("refuse", only.Outcome);
        Assert.Equal("rejected", result.EndResult);
        Assert.Equal("refused-at-intake", result.EndNode);
        Assert.True(result.OnTime);
    }

    [Fact]
    public async Task StepMode_StopsAtTheFirstStepWithoutAChoice_OfferingItsOutcomes()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();

        var result = (await scope.Get<TestRunProcedure>().HandleAsync(officer, null, key, 1,
            new TestRunRequest(At(calendar, "2026-03-02T08:00"), new Dictionary<string, IReadOnlyList<string>> { ["receive"] = ["accept"] }, "step"), cancellationToken: Ct)).Value;

        Assert.Equal("waiting", result.Status);
        Assert.Equal("receive", Assert.Single(result.Path).NodeId);
        Assert.Equal("assign", result.Waiting!.NodeId);
        Assert.Equal(result.Path[0].CompletedAt, result.Waiting.StartedAt);
        Assert.Equal(["assign"], result.Waiting.Outcomes.Select(o => o.Name));
        Assert.True(result.Waiting.Outcomes[0].IsDefault);
        Assert.Null(result.OnTime);
    }

    [Fact]
    public async Task AFrozenCopy_KeepsTheDefinitionItWasTaken_WhenTheDraftIsEditedLater()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();
        var testRun = scope.Get<TestRunProcedure>();
        var frozen = (await testRun.FreezeAsync(officer, null, key, 1, Ct)).Value;
        var longer = draft.Json.Replace("\"workingDays\": 7", "\"workingDays\": 9", StringComparison.Ordinal);
        var saved = await scope.Get<ProcedureAuthoring>().SaveDraftAsync(officer, key, 1, longer, Revision(draft.ETag), Ct);
        Assert.True(saved.Succeeded, saved.Problem?.ToString());
        var request = new TestRunRequest(At(calendar, "2026-03-02T08:00"));

        var before = (await testRun.RunAsync(frozen, request, Ct)).Value;
        var after = (await testRun.HandleAsync(officer, null, key, 1, request, cancellationToken: Ct)).Value;
        var stale = await testRun.HandleAsync(officer, null, key, 1, request, draft.ETag, Ct);

        Assert.Equal(56m, before.Path.Single(s => s.NodeId == "examine").WorkingHours);
        Assert.True(before.OnTime);
        Assert.Equal(72m, after.Path.Single(s => s.NodeId == "examine").WorkingHours);
        Assert.False(after.OnTime);
        Assert.Equal(draft.ETag, before.ETag);
        Assert.Equal(saved.Value.ETag, after.ETag);
        Assert.Equal(ProblemKind.PreconditionFailed, stale.Problem?.Kind);
    }

    [Fact]
    public async Task ARun_StoresNothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var events = await db.ProcedureEvents.CountAsync(e => e.Key == key, Ct);

        var result = await scope.Get<TestRunProcedure>().HandleAsync(officer, null, key, 1, new TestRunRequest(At(calendar, "2026-03-02T08:00")), cancellationToken: Ct);

        Assert.True(result.Succeeded);
        Assert.False(await db.Set<WorkflowCaseRecord>().AnyAsync(c => c.DefinitionKey == key, Ct));
        Assert.False(await db.Set<WorkflowTaskRecord>().AnyAsync(t => t.DefinitionKey == key, Ct));
        Assert.Equal(events, await db.ProcedureEvents.CountAsync(e => e.Key == key, Ct));
        Assert.Equal(1, await db.Set<StoredDefinition>().CountAsync(d => d.Key == key, Ct));
        var stored = await db.Set<StoredDefinition>().AsNoTracking().SingleAsync(d => d.Key == key, Ct);
        Assert.Equal(draft.ETag, "\"" + stored.Revision.ToString(CultureInfo.InvariantCulture) + "\"");
        Assert.Equal(DefinitionStatus.Draft, stored.Status);
    }

    [Fact]
    public async Task AnotherAgency_DoesNotFindIt_WhileAnAuditorMayRunIt()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();
        var request = new TestRunRequest(At(calendar, "2026-03-02T08:00"));
        var stranger = await scope.ServiceProvider.CallerAsync(Demo.HomeAffairsStaff);
        var auditor = await scope.ServiceProvider.CallerAsync(Demo.Auditor);
        var testRun = scope.Get<TestRunProcedure>();

        var own = await testRun.HandleAsync(stranger, null, key, 1, request, cancellationToken: Ct);
        var named = await testRun.HandleAsync(stranger, Demo.JusticeCode, key, 1, request, cancellationToken: Ct);
        var audited = await testRun.HandleAsync(auditor, Demo.JusticeCode, key, 1, request, cancellationToken: Ct);

        Assert.Equal(ProblemKind.NotFound, own.Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, named.Problem?.Kind);
        Assert.True(audited.Succeeded, audited.Problem?.ToString());
        Assert.Equal("completed", audited.Value.Status);
    }

    [Fact]
    public async Task BadRequests_NameTheField_AndADefinitionWithErrorsDoesNotRun()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();
        var testRun = scope.Get<TestRunProcedure>();
        var at = At(calendar, "2026-03-02T08:00");

        var noMoment = await testRun.HandleAsync(officer, null, key, 1, new TestRunRequest(null), cancellationToken: Ct);
        var badOutcome = await testRun.HandleAsync(officer, null, key, 1,
            new TestRunRequest(at, new Dictionary<string, IReadOnlyList<string>> { ["receive"] = ["approve"] }), cancellationToken: Ct);
        var badStep = await testRun.HandleAsync(officer, null, key, 1,
            new TestRunRequest(at, new Dictionary<string, IReadOnlyList<string>> { ["nowhere"] = ["x"] }), cancellationToken: Ct);
        var badMode = await testRun.HandleAsync(officer, null, key, 1, new TestRunRequest(at, Mode: "fast"), cancellationToken: Ct);
        var broken = draft.Json.Replace("\"to\": \"assign\"", "\"to\": \"nowhere\"", StringComparison.Ordinal);
        Assert.True((await scope.Get<ProcedureAuthoring>().SaveDraftAsync(officer, key, 1, broken, Revision(draft.ETag), Ct)).Succeeded);
        var withErrors = await testRun.HandleAsync(officer, null, key, 1, new TestRunRequest(at), cancellationToken: Ct);

        Assert.Contains("receivedAt", noMoment.Problem!.Errors.Keys);
        Assert.Contains("outcomes.receive", badOutcome.Problem!.Errors.Keys);
        Assert.Contains("outcomes.nowhere", badStep.Problem!.Errors.Keys);
        Assert.Contains("mode", badMode.Problem!.Errors.Keys);
        Assert.Equal(ProblemKind.Invalid, withErrors.Problem?.Kind);
        Assert.Contains(withErrors.Problem!.Errors.Keys, path => path.StartsWith("$.nodes[", StringComparison.Ordinal));
    }

    internal static DateTimeOffset At(WorkingCalendar calendar, string local)
    {
        var value = DateTime.ParseExact(local, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(value, calendar.TimeZone.GetUtcOffset(value));
    }

    internal static string Local(WorkingCalendar calendar, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, calendar.TimeZone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>What <c>calendar due</c> prints for the same start and working time, on the same calendar.</summary>
    internal static string CalendarDue(WorkingCalendar calendar, string from, string unit, string amount, bool intake)
    {
        var stdout = new StringWriter();
        string[] args = intake ? ["due", "--from", from, unit, amount, "--intake"] : ["due", "--from", from, unit, amount];
        Assert.Equal(0, CalendarCli.Run(args, calendar, stdout, new StringWriter()));
        return stdout.ToString().Trim();
    }

    private static TimeOnly TimeOf(string local) => TimeOnly.FromDateTime(DateTime.ParseExact(local, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));

    private static int Revision(string etag) => int.Parse(etag.Trim('"'), CultureInfo.InvariantCulture);
}
