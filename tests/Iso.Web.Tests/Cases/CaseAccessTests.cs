using System.Text.Json;
using Iso.Data.Seeding;
using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

/// <summary>Agency scoping of the case use cases (<see cref="CaseAccess"/>): another agency's cases and tasks are not found,
/// cross-agency readers read them but never act on them.</summary>
public sealed class CaseAccessTests(IsoWebFactory factory)
{
    private const string Procedure = "tthc-mot-cap";

    private static readonly Dictionary<string, JsonElement> AcceptForm = new()
    {
        ["receiptNo"] = JsonSerializer.SerializeToElement("000.00.15.H01-261128-0002"),
        ["applicantName"] = JsonSerializer.SerializeToElement("Nguyễn Thị Bích"),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CaseAndTaskOfAnotherAgency_AreNotFound_ForItsStaff()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var (caseId, taskId) = await StartAsync(scope);
        var stranger = await scope.ServiceProvider.CallerAsync(Demo.HomeAffairsStaff);

        var read = await scope.Get<GetCase>().HandleAsync(stranger, caseId, Ct);
        var claim = await scope.Get<ClaimTask>().HandleAsync(stranger, taskId, Ct);
        var complete = await scope.Get<CompleteTask>().HandleAsync(stranger, taskId, new CompleteTaskRequest("accept", Form: AcceptForm), Ct);
        var inbox = await scope.Get<GetInbox>().HandleAsync(stranger, new InboxRequest(PageSize: InboxRequest.MaxPageSize), Ct);

        Assert.Equal(ProblemKind.NotFound, read.Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, claim.Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, complete.Problem?.Kind);
        Assert.DoesNotContain(inbox.Value.Items, t => t.Id == taskId);
        await AssertStillOpenAsync(scope, caseId);
    }

    [Fact]
    public async Task Auditor_ReadsAnotherAgencysCase_ButClaimingOrCompletingItsTaskIsForbidden()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var (caseId, taskId) = await StartAsync(scope);
        var auditor = await scope.ServiceProvider.CallerAsync(Demo.Auditor);

        var read = await scope.Get<GetCase>().HandleAsync(auditor, caseId, Ct);
        var claim = await scope.Get<ClaimTask>().HandleAsync(auditor, taskId, Ct);
        var complete = await scope.Get<CompleteTask>().HandleAsync(auditor, taskId, new CompleteTaskRequest("accept", Form: AcceptForm), Ct);

        Assert.True(read.Succeeded);
        Assert.Equal(ProblemKind.Forbidden, claim.Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, complete.Problem?.Kind);
        await AssertStillOpenAsync(scope, caseId);
    }

    [Fact]
    public async Task Administrator_OfAnotherAgency_ReadsButCannotAct()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var (caseId, taskId) = await StartAsync(scope);
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);

        var read = await scope.Get<GetCase>().HandleAsync(admin, caseId, Ct);
        var claim = await scope.Get<ClaimTask>().HandleAsync(admin, taskId, Ct);

        Assert.True(read.Succeeded);
        Assert.Equal(ProblemKind.Forbidden, claim.Problem?.Kind);
    }

    [Fact]
    public async Task CompleteTask_WithOversizedCommentAndFormValue_IsInvalidNamingEachField_AndChangesNothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var (caseId, taskId) = await StartAsync(scope);
        var reception = await scope.ServiceProvider.CallerAsync(DemoAccounts.ReceptionStaff.UserName);
        var form = new Dictionary<string, JsonElement>(AcceptForm)
        {
            ["applicantName"] = JsonSerializer.SerializeToElement(new string('x', TextLimits.Value + 1)),
            ["nested"] = JsonSerializer.SerializeToElement(new { a = 1 }),
        };

        var result = await scope.Get<CompleteTask>().HandleAsync(
            reception, taskId, new CompleteTaskRequest("accept", new string('y', TextLimits.Comment + 1), form), Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Equal(["comment", "form.applicantName", "form.nested"], result.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
        await AssertStillOpenAsync(scope, caseId);
    }

    [Fact]
    public async Task CompleteTask_WithABlankOutcome_IsInvalidNamingOutcome()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(DemoAccounts.ReceptionStaff.UserName);

        var result = await scope.Get<CompleteTask>().HandleAsync(reception, Guid.NewGuid(), new CompleteTaskRequest("\u0000 \t"), Ct);

        Assert.Equal(["outcome"], result.Problem?.Errors.Keys);
    }

    [Fact]
    public async Task Inbox_OfNobody_IsNotSignedIn()
    {
        await using var scope = factory.Services.CreateAsyncScope();

        var inbox = await scope.Get<GetInbox>().HandleAsync(Caller.Nobody, new InboxRequest(), Ct);

        Assert.Equal(ProblemKind.NotSignedIn, inbox.Problem?.Kind);
    }

    private static async Task<(Guid CaseId, Guid TaskId)> StartAsync(AsyncServiceScope scope)
    {
        var reception = await scope.ServiceProvider.CallerAsync(DemoAccounts.ReceptionStaff.UserName);
        var started = await scope.Get<StartCase>().HandleAsync(reception, new StartCaseRequest(Procedure, "HS-ACCESS"), Ct);
        return (started.Value.CaseId, Assert.Single(started.Value.OpenTasks).Id);
    }

    private static async Task AssertStillOpenAsync(AsyncServiceScope scope, Guid caseId)
    {
        var reception = await scope.ServiceProvider.CallerAsync(DemoAccounts.ReceptionStaff.UserName);
        var details = await scope.Get<GetCase>().HandleAsync(reception, caseId, Ct);
        Assert.Equal("Open", Assert.Single(details.Value.Tasks).Status);
    }
}
