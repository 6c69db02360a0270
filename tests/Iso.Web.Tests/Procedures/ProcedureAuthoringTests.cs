using System.Text.Json.Nodes;
using Iso.Web.Application;
using Iso.Web.Procedures;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Iso.Web.Tests.Procedures.ProcedureTestData;

namespace Iso.Web.Tests.Procedures;

public sealed class ProcedureAuthoringTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Adopt_CreatesADraftOfTheCallersAgency_MappingUnitCodes()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();

        var draft = await AdoptAsync(scope, officer, key, new() { ["VAN-THU"] = "VP" });

        Assert.Equal("draft", draft.Status);
        Assert.Equal(1, draft.Version);
        Assert.Equal("tthc-mot-cap", draft.SourceKey);
        Assert.True(draft.Problems.IsValid, string.Join("; ", draft.Problems.Errors.Select(e => e.Path + " " + e.Message)));
        Assert.DoesNotContain(draft.Steps!.Steps, s => s.Unit == "VAN-THU");
        Assert.Contains(draft.Steps!.Steps, s => s.Unit == "VP");
        Assert.Equal(key, JsonNode.Parse(draft.Json)!["key"]!.GetValue<string>());
        Assert.Contains(draft.History, e => e.Kind == "adopted" && e.UserName == Officer);
    }

    [Fact]
    public async Task Adopt_MappingOntoAUnitTheAgencyLacks_IsInvalidNamingTheUnit()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);

        var result = await scope.Get<ProcedureAuthoring>().CreateAsync(
            officer, new CreateProcedureRequest(Template, NewKey(), UnitCodes: new() { ["MOT-CUA"] = "KHONG-CO" }), Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Contains("unitCodes.MOT-CUA", result.Problem!.Errors.Keys);
    }

    [Fact]
    public async Task Create_ByStaffOrAuditor_IsForbidden()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        foreach (var user in new[] { Demo.JusticeStaff, Demo.Auditor })
        {
            var caller = await scope.ServiceProvider.CallerAsync(user);
            var result = await scope.Get<ProcedureAuthoring>().CreateAsync(caller, new CreateProcedureRequest(Template, NewKey()), Ct);
            Assert.Equal(ProblemKind.Forbidden, result.Problem?.Kind);
        }
    }

    [Fact]
    public async Task Adopt_WhileTheKeyHasAnOpenDraft_IsAConflict()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);

        var again = await scope.Get<ProcedureAuthoring>().CreateAsync(officer, new CreateProcedureRequest(Template, key), Ct);

        Assert.Equal(ProblemKind.Conflict, again.Problem?.Kind);
    }

    [Fact]
    public async Task SaveDraft_WithTheCurrentRevision_StoresTheTextAndMovesTheETag()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var edited = StepTable.Read(draft.Json)!.Steps.ToList();
        edited.Single(s => s.NodeId == "examine").WorkingDays = 6m;
        var json = StepTable.Apply(draft.Json, edited, timeLimitWorkingDays: null);

        var saved = await scope.Get<ProcedureAuthoring>().SaveDraftAsync(officer, key, 1, json, ProcedureData.RevisionOf(draft.ETag), Ct);

        Assert.True(saved.Succeeded, saved.Problem?.ToString());
        Assert.NotEqual(draft.ETag, saved.Value.ETag);
        Assert.Equal(6m, saved.Value.Steps!.Steps.Single(s => s.NodeId == "examine").WorkingDays);
        Assert.Equal(9m, saved.Value.Steps.MainPathWorkingDays);
        Assert.True(saved.Value.Steps.Mismatch);
    }

    [Fact]
    public async Task SaveDraft_WithAStaleRevision_IsRefusedAndKeepsTheOtherSave()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var authoring = scope.Get<ProcedureAuthoring>();
        var first = draft.Json.Replace("Kiểm tra, tiếp nhận hồ sơ", "Người thứ nhất", StringComparison.Ordinal);
        var second = draft.Json.Replace("Kiểm tra, tiếp nhận hồ sơ", "Người thứ hai", StringComparison.Ordinal);

        Assert.True((await authoring.SaveDraftAsync(officer, key, 1, first, ProcedureData.RevisionOf(draft.ETag), Ct)).Succeeded);
        var stale = await authoring.SaveDraftAsync(officer, key, 1, second, ProcedureData.RevisionOf(draft.ETag), Ct);

        Assert.Equal(ProblemKind.PreconditionFailed, stale.Problem?.Kind);
        var stored = await scope.Get<ProcedureCatalogue>().GetVersionAsync(officer, null, key, 1, Ct);
        Assert.Contains("Người thứ nhất", stored.Value.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveDraft_WithErrors_IsStoredAndReportsThemByJsonPath()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var steps = StepTable.Read(draft.Json)!.Steps.ToList();
        steps.Single(s => s.NodeId == "assign").Outcomes[0].To = "khong-co-buoc-nay";

        var saved = await scope.Get<ProcedureAuthoring>().SaveDraftAsync(
            officer, key, 1, StepTable.Apply(draft.Json, steps, null), ProcedureData.RevisionOf(draft.ETag), Ct);

        Assert.True(saved.Succeeded);
        Assert.False(saved.Value.Problems.IsValid);
        Assert.Contains(saved.Value.Problems.Errors, e => e.Path == "$.nodes[2].outcomes[0].to");
        Assert.False(saved.Value.MaySubmit);
    }

    [Fact]
    public async Task SaveDraft_OfAPublishedVersion_IsAConflict()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var published = await scope.Get<ProcedureCatalogue>().GetVersionsAsync(officer, null, Template, Ct);
        var version = published.Value.PublishedVersion!.Value;
        var details = await scope.Get<ProcedureCatalogue>().GetVersionAsync(officer, null, Template, version, Ct);

        var result = await scope.Get<ProcedureAuthoring>().SaveDraftAsync(officer, Template, version, details.Value.Json, ProcedureData.RevisionOf(details.Value.ETag), Ct);

        Assert.Equal(ProblemKind.Conflict, result.Problem?.Kind);
    }

    [Fact]
    public async Task OpeningAPublishedVersion_CreatesNoDraft()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var catalogue = scope.Get<ProcedureCatalogue>();
        var before = await catalogue.GetVersionsAsync(officer, null, "document-control", Ct);

        var opened = await catalogue.GetVersionAsync(officer, null, "document-control", before.Value.PublishedVersion!.Value, Ct);

        Assert.Equal("published", opened.Value.Status);
        Assert.False(opened.Value.MayEdit);
        var after = await catalogue.GetVersionsAsync(officer, null, "document-control", Ct);
        Assert.Equal(before.Value.Versions.Count, after.Value.Versions.Count);
    }

    [Fact]
    public async Task Validate_GivenText_ReportsSchemaAndValidatorProblemsApartFromWarnings()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var root = JsonNode.Parse(draft.Json)!.AsObject();
        root["nodes"]!.AsArray().Add(new JsonObject { ["id"] = "lost", ["type"] = "action", ["action"] = "khong.biet", ["to"] = "completed" });
        root["nodes"]![1]!["candidate"]!["role"] = "Boss";

        var report = await scope.Get<ProcedureAuthoring>().ValidateAsync(officer, null, key, 1, root.ToJsonString(), Ct);

        Assert.Contains(report.Value.Errors, e => e.Source == "schema" && e.Path.StartsWith("$.nodes[1].candidate", StringComparison.Ordinal));
        Assert.Contains(report.Value.Errors, e => e.Source == "validator" && e.Path.StartsWith("$.nodes[", StringComparison.Ordinal) && e.Message.Contains("lost", StringComparison.Ordinal));
        Assert.Contains(report.Value.Warnings, w => w.Message.Contains("khong.biet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Duplicate_CopiesAVersionUnderANewKey_AndRefusesAKeyInUse()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        var copyKey = NewKey();
        var authoring = scope.Get<ProcedureAuthoring>();

        var copy = await authoring.CreateAsync(officer, new CreateProcedureRequest(Key: copyKey, CopyOf: key, CopyOfVersion: 1), Ct);
        var clash = await authoring.CreateAsync(officer, new CreateProcedureRequest(Key: copyKey, CopyOf: key, CopyOfVersion: 1), Ct);

        Assert.True(copy.Succeeded, copy.Problem?.ToString());
        Assert.Equal(copyKey, copy.Value.Key);
        Assert.Equal(1, copy.Value.Version);
        Assert.Contains(copy.Value.History, e => e.Kind == "duplicated");
        Assert.Equal(ProblemKind.Conflict, clash.Problem?.Kind);
    }

    [Fact]
    public async Task Compare_ReportsTheChangedFieldOfAStep()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var leader = await scope.ServiceProvider.CallerAsync(Leader);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        await scope.Get<ProcedurePublishing>().SubmitAsync(officer, key, 1, Ct);
        await scope.Get<ProcedurePublishing>().ApproveAsync(leader, key, 1, new ApproveProcedureRequest("01/QĐ-STP", new DateOnly(2026, 1, 5)), Ct);
        var next = await scope.Get<ProcedureAuthoring>().CreateAsync(officer, new CreateProcedureRequest(CopyOf: key, CopyOfVersion: 1, Key: key), Ct);
        var steps = next.Value.Steps!.Steps.ToList();
        steps.Single(s => s.NodeId == "approve").Unit = "VP";
        await scope.Get<ProcedureAuthoring>().SaveDraftAsync(officer, key, 2, StepTable.Apply(next.Value.Json, steps, null), ProcedureData.RevisionOf(next.Value.ETag), Ct);

        var diff = await scope.Get<ProcedureCatalogue>().CompareAsync(officer, null, key, 1, 2, Ct);

        var change = Assert.Single(diff.Value.Diff.Nodes);
        Assert.Equal("approve", change.NodeId);
        var field = Assert.Single(change.Fields);
        Assert.Equal("candidate.unit", field.Field);
        Assert.Equal("\"VP\"", field.New);
    }
}
