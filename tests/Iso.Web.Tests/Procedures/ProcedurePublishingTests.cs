using Iso.Web.Application;
using Iso.Web.Procedures;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Iso.Web.Tests.Procedures.ProcedureTestData;

namespace Iso.Web.Tests.Procedures;

public sealed class ProcedurePublishingTests(IsoWebFactory factory)
{
    private static readonly ApproveProcedureRequest Decision = new("123/QĐ-STP", new DateOnly(2026, 3, 2));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_ThenApproveByAnotherLeader_PublishesAndRecordsTheDecision()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var leader = await scope.ServiceProvider.CallerAsync(Leader);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var publishing = scope.Get<ProcedurePublishing>();

        var submitted = await publishing.SubmitAsync(officer, key, 1, Ct);
        var approved = await publishing.ApproveAsync(leader, key, 1, Decision, Ct);

        Assert.Equal("submitted", submitted.Value.Status);
        Assert.True(approved.Succeeded, approved.Problem?.ToString());
        Assert.Equal("published", approved.Value.Status);
        var versions = await scope.Get<ProcedureCatalogue>().GetVersionsAsync(officer, null, key, Ct);
        var row = Assert.Single(versions.Value.Versions);
        Assert.Equal(1, versions.Value.PublishedVersion);
        Assert.Equal("123/QĐ-STP", row.DecisionNumber);
        Assert.Equal(new DateOnly(2026, 3, 2), row.DecisionDate);
        Assert.NotNull(row.PublishedBy);
        Assert.NotNull(row.PublishedAt);
        Assert.Contains(approved.Value.History, e => e.Kind == "approved" && e.UserName == Leader);
    }

    [Fact]
    public async Task Approve_ByItsOwnAuthor_IsForbidden_EvenForALeader()
    {
        var both = await CreateOfficerLeaderAsync(factory.Services);
        await using var scope = factory.Services.CreateAsyncScope();
        var author = await scope.ServiceProvider.CallerAsync(both);
        var key = NewKey();
        await AdoptAsync(scope, author, key);
        var publishing = scope.Get<ProcedurePublishing>();
        Assert.True((await publishing.SubmitAsync(author, key, 1, Ct)).Succeeded);

        var own = await publishing.ApproveAsync(author, key, 1, Decision, Ct);

        Assert.Equal(ProblemKind.Forbidden, own.Problem?.Kind);
        Assert.Equal("Problem_ProcedureOwnDraft", own.Problem!.Detail.Key);
    }

    [Fact]
    public async Task Approve_ByAQualityOfficer_IsForbidden()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        await scope.Get<ProcedurePublishing>().SubmitAsync(officer, key, 1, Ct);

        var result = await scope.Get<ProcedurePublishing>().ApproveAsync(officer, key, 1, Decision, Ct);

        Assert.Equal(ProblemKind.Forbidden, result.Problem?.Kind);
    }

    [Fact]
    public async Task Approve_WithoutDecisionNumberOrDate_IsInvalidNamingBoth()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var leader = await scope.ServiceProvider.CallerAsync(Leader);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        await scope.Get<ProcedurePublishing>().SubmitAsync(officer, key, 1, Ct);

        var result = await scope.Get<ProcedurePublishing>().ApproveAsync(leader, key, 1, new ApproveProcedureRequest(" ", null), Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Equal(["decisionDate", "decisionNumber"], result.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Submit_ADraftWithErrors_IsRefusedWithTheirJsonPaths()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var steps = draft.Steps!.Steps.ToList();
        steps.Single(s => s.NodeId == "review").Outcomes[0].To = "khong-co";
        await scope.Get<ProcedureAuthoring>().SaveDraftAsync(officer, key, 1, StepTable.Apply(draft.Json, steps, null), ProcedureData.RevisionOf(draft.ETag), Ct);

        var result = await scope.Get<ProcedurePublishing>().SubmitAsync(officer, key, 1, Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Contains("$.nodes[5].outcomes[0].to", result.Problem!.Errors.Keys);
    }

    [Fact]
    public async Task Submit_WhileAStepNamesAUnitTheAgencyLacks_IsRefused()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var steps = draft.Steps!.Steps.ToList();
        steps.Single(s => s.NodeId == "register").Unit = "PHONG-DA-GIAI-THE";
        var saved = await scope.Get<ProcedureAuthoring>().SaveDraftAsync(officer, key, 1, StepTable.Apply(draft.Json, steps, null), ProcedureData.RevisionOf(draft.ETag), Ct);
        Assert.Contains(saved.Value.Problems.Errors, e => e.Source == "units" && e.Path == "$.nodes[7].candidate.unit");

        var result = await scope.Get<ProcedurePublishing>().SubmitAsync(officer, key, 1, Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Contains("$.nodes[7].candidate.unit", result.Problem!.Errors.Keys);
    }

    [Fact]
    public async Task Return_NeedsAComment_AndMakesItADraftAgain()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var leader = await scope.ServiceProvider.CallerAsync(Leader);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var publishing = scope.Get<ProcedurePublishing>();
        await publishing.SubmitAsync(officer, key, 1, Ct);

        var withoutComment = await publishing.ReturnAsync(leader, key, 1, new ReturnProcedureRequest("  "), Ct);
        var returned = await publishing.ReturnAsync(leader, key, 1, new ReturnProcedureRequest("Bước 3 cần 6 ngày."), Ct);

        Assert.Equal(["comment"], withoutComment.Problem?.Errors.Keys);
        Assert.Equal("draft", returned.Value.Status);
        Assert.Contains(returned.Value.History, e => e.Kind == "returned" && e.Comment == "Bước 3 cần 6 ngày.");
        var editable = await scope.Get<ProcedureCatalogue>().GetVersionAsync(officer, null, key, 1, Ct);
        Assert.True(editable.Value.MayEdit);
    }

    [Fact]
    public async Task ApprovingANewVersion_RetiresThePreviousOne_AndRetireStopsNewCases()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var leader = await scope.ServiceProvider.CallerAsync(Leader);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var publishing = scope.Get<ProcedurePublishing>();
        await publishing.SubmitAsync(officer, key, 1, Ct);
        await publishing.ApproveAsync(leader, key, 1, Decision, Ct);
        var next = await scope.Get<ProcedureAuthoring>().CreateAsync(officer, new CreateProcedureRequest(CopyOf: key, CopyOfVersion: 1, Key: key), Ct);
        Assert.Equal(2, next.Value.Version);
        await publishing.SubmitAsync(officer, key, 2, Ct);
        await publishing.ApproveAsync(leader, key, 2, Decision, Ct);

        var versions = await scope.Get<ProcedureCatalogue>().GetVersionsAsync(officer, null, key, Ct);
        Assert.Equal(["published", "retired"], versions.Value.Versions.Select(v => v.Status));

        var retired = await publishing.RetireAsync(leader, key, 2, new RetireProcedureRequest("Thủ tục bị bãi bỏ."), Ct);
        Assert.Equal("retired", retired.Value.Status);
        var startable = await scope.Get<ProcedureCatalogue>().ListStartableAsync(officer, null, Ct);
        Assert.DoesNotContain(startable.Value, p => p.Key == key);
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var start = await scope.Get<Iso.Web.Cases.StartCase>().HandleAsync(reception, new Iso.Web.Cases.StartCaseRequest(key), Ct);
        Assert.False(start.Succeeded);
    }

    [Fact]
    public async Task AnotherAgencysProcedure_IsNotFound_ForItsLeadersAndStaff()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var stranger = await scope.ServiceProvider.CallerAsync(Demo.HomeAffairsStaff);

        var read = await scope.Get<ProcedureCatalogue>().GetVersionAsync(stranger, Demo.JusticeCode, key, 1, Ct);
        var submit = await scope.Get<ProcedurePublishing>().SubmitAsync(officer, key, 1, Ct);
        var auditor = await scope.ServiceProvider.CallerAsync(Demo.Auditor);
        var audited = await scope.Get<ProcedureCatalogue>().GetVersionAsync(auditor, Demo.JusticeCode, key, 1, Ct);

        Assert.Equal(ProblemKind.NotFound, read.Problem?.Kind);
        Assert.True(submit.Succeeded);
        Assert.True(audited.Succeeded);
        Assert.False(audited.Value.MayApprove || audited.Value.MayEdit);
    }
}
