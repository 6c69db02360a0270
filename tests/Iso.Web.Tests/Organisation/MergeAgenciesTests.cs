using Iso.Data;
using Iso.Data.Organisation;
using Iso.Web.Application;
using Iso.Web.Organisation;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Iso.Web.Tests.Organisation.OrganisationFixture;

namespace Iso.Web.Tests.Organisation;

/// <summary>A merge carries the predecessors' people, units, open cases and procedures to the successor; finished cases stay
/// with the old agency, readable under its old name. Each test merges agencies of its own on the shared app.</summary>
public sealed class MergeAgenciesTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Merge_IntoANewAgency_CarriesOpenCasesWithAValidJournal_PeopleAndProcedures_AndLeavesFinishedCasesUnderTheOldName()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var a = await CommuneAsync(scope, admin, "UBND xã Thử Nghiệm A", Ct);
        var b = await CommuneAsync(scope, admin, "UBND xã Thử Nghiệm B", Ct);
        var open = await StartCaseAsync(scope, a.Id, "HS-MERGE-OPEN", Ct);
        var finished = await StartCaseAsync(scope, a.Id, "HS-MERGE-DONE", Ct);
        await scope.Get<IWorkflowRuntime>().CancelCaseAsync(new CancelCaseCommand(finished.CaseId, admin.ToWorkflowActor(), "Công dân rút hồ sơ"), Ct);
        var successorCode = NewCode("W");
        var request = new MergeAgenciesRequest([a.Code, b.Code], null,
            new NewSuccessorRequest(successorCode, "UBND phường Thử Nghiệm", null, "commune", "DAKNONG"), Reform);

        var preview = await scope.Get<MergeAgencies>().PreviewAsync(admin, request, Ct);
        var report = await scope.Get<MergeAgencies>().HandleAsync(admin, request, Ct);

        Assert.True(preview.Succeeded, preview.Problem?.ToString());
        Assert.Equal((2, 6, 1), (preview.Value.People, preview.Value.Units, preview.Value.OpenCases));
        Assert.Single(preview.Value.Procedures);
        Assert.True(report.Succeeded, report.Problem?.ToString());
        Assert.Equal((2, 1, 0, 1), (report.Value.PeopleMoved, report.Value.CasesMoved, report.Value.CasesPending, report.Value.ProceduresCarried));
        var successorId = report.Value.Successor.Id;

        var store = scope.Get<IWorkflowStore>();
        var moved = (await store.FindCaseAsync(open.CaseId, Ct))!;
        Assert.Equal(successorId, moved.AgencyId);
        var journal = await store.GetJournalAsync(open.CaseId, Ct);
        var transfer = journal[^1];
        Assert.Equal((JournalKinds.CaseTransferred, admin.UserId), (transfer.Kind, transfer.ActorId));
        var verification = scope.Get<IWorkflowRuntime>().VerifyJournal(moved, journal);
        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(JournalCheckpointStatus.Valid, verification.Checkpoint);
        Assert.All((await store.GetTasksOfCaseAsync(open.CaseId, Ct)).Where(t => t.Status == WorkflowTaskStatus.Open), t => Assert.Equal(successorId, t.AgencyId));

        var old = (await store.FindCaseAsync(finished.CaseId, Ct))!;
        Assert.Equal(a.Id, old.AgencyId);
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal("UBND xã Thử Nghiệm A", await new OrganisationChanges(db).NameOnAsync(old.AgencyId, DateOnly.FromDateTime(old.StartedAt.UtcDateTime), Ct));
        Assert.Equal(2, await db.Users.CountAsync(u => u.AgencyId == successorId, Ct));
        Assert.NotNull(await scope.Get<IWorkflowDefinitionStore>().FindPublishedAsync(successorId, "tthc-cap-xa", Ct));

        // The successor's staff start the same procedure, and work on the moved case.
        Assert.Equal(CaseStatus.Running, (await StartCaseAsync(scope, successorId, "HS-AFTER", Ct)).Status);
    }

    [Fact]
    public async Task CarryOver_RunAgainAfterTheMerge_MovesWhatIsLeft_AndThenNothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var a = await CommuneAsync(scope, admin, "UBND xã Thử Nghiệm C", Ct);
        var b = await CommuneAsync(scope, admin, "UBND xã Thử Nghiệm D", Ct);
        var left = await StartCaseAsync(scope, a.Id, "HS-LEFT", Ct);
        // The merge recorded by the data layer with none of its follow-up done, as when every transfer failed.
        await using (var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct))
        {
            await new OrganisationChanges(db).MergeAgenciesAsync([a.Code], b.Code, null, Reform, Ct);
        }

        var first = await scope.Get<MergeAgencies>().CarryOverAsync(admin, b.Code, Ct);
        var second = await scope.Get<MergeAgencies>().CarryOverAsync(admin, b.Code, Ct);

        Assert.Equal((1, 0, 0), (first.Value.CasesMoved, first.Value.CasesPending, first.Value.ProceduresCarried)); // b publishes the same key already
        Assert.Equal((0, 0, 0), (second.Value.CasesMoved, second.Value.CasesPending, second.Value.ProceduresCarried));
        Assert.Equal(b.Id, (await scope.Get<IWorkflowStore>().FindCaseAsync(left.CaseId, Ct))!.AgencyId);
    }

    [Fact]
    public async Task Merge_WithADateBeforeAPredecessorStarted_IsInvalidNamingFrom_AndNothingIsStored()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var a = await CommuneAsync(scope, admin, "UBND xã Thử Nghiệm E", Ct);
        var open = await StartCaseAsync(scope, a.Id, "HS-EARLY", Ct);
        var successorCode = NewCode("W");

        var result = await scope.Get<MergeAgencies>().HandleAsync(admin, new MergeAgenciesRequest([a.Code], null,
            new NewSuccessorRequest(successorCode, "UBND phường Sớm", null, "commune", "DAKNONG"), new DateOnly(2023, 1, 1)), Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Contains("from", result.Problem!.Errors.Keys);
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        Assert.False(await db.Agencies.AnyAsync(x => x.Code == successorCode, Ct));
        Assert.Null((await db.Agencies.SingleAsync(x => x.Id == a.Id, Ct)).EffectiveTo);
        Assert.Equal(a.Id, (await scope.Get<IWorkflowStore>().FindCaseAsync(open.CaseId, Ct))!.AgencyId);
    }

    [Fact]
    public async Task Merge_WithoutPredecessorsOrDate_AndWithBothKindsOfSuccessor_IsInvalidFieldByField()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);

        var result = await scope.Get<MergeAgencies>().HandleAsync(admin, new MergeAgenciesRequest([], "STP",
            new NewSuccessorRequest("X", "Y", null, "commune", null), null), Ct);
        var blank = await scope.Get<MergeAgencies>().HandleAsync(admin, new MergeAgenciesRequest(["SNV"], null,
            new NewSuccessorRequest(" ", "", null, null, null), Reform), Ct);

        Assert.Equal(["from", "predecessors", "successorCode"], result.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["newSuccessor.code", "newSuccessor.kindCode", "newSuccessor.name"], blank.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Merge_ByStaff_IsForbidden_AndPreviewToo()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);
        var request = new MergeAgenciesRequest(["SNV"], "STP", null, Reform);

        Assert.Equal(ProblemKind.Forbidden, (await scope.Get<MergeAgencies>().HandleAsync(staff, request, Ct)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await scope.Get<MergeAgencies>().PreviewAsync(staff, request, Ct)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await scope.Get<MergeAgencies>().CarryOverAsync(staff, "STP", Ct)).Problem?.Kind);
    }
}
