using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Definitions;

public sealed class WorkflowDefinitionServiceTests : IDisposable
{
    private const string Document = "Runtime/Workflows/document-approval.json";
    private readonly EngineHarness _h = new();

    private static string Version2() =>
        EngineHarness.Fixture(Document).Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal)
            .Replace("Soạn thảo tài liệu", "Soạn thảo tài liệu (bản 2)", StringComparison.Ordinal);

    [Fact]
    public async Task PublishingANewVersion_RunningCaseStaysOnItsVersion()
    {
        await _h.ImportAsync(Document);
        var oldCase = await _h.StartAsync("test-document");

        await _h.DefinitionService.ImportTemplateAsync(Version2(), "v2.json", TestContext.Current.CancellationToken);
        var newCase = await _h.StartAsync("test-document");

        Assert.Equal(1, (await _h.CaseAsync(oldCase.CaseId)).DefinitionVersion);
        Assert.Equal(2, (await _h.CaseAsync(newCase.CaseId)).DefinitionVersion);
        Assert.Equal("Soạn thảo tài liệu (bản 2)", newCase.OpenTasks[0].Title);
        var v1 = await _h.Definitions.FindAsync(null, "test-document", 1, TestContext.Current.CancellationToken);
        Assert.Equal(DefinitionStatus.Retired, v1!.Status);

        // The old case keeps running on version 1 after version 1 was retired.
        var next = await _h.CompleteAsync(oldCase.OpenTasks[0], _h.Staff, "submit", form: new Dictionary<string, string?> { ["pages"] = "50" });
        Assert.Equal("Xem xét tài liệu", Assert.Single(next.OpenTasks).Title);
    }

    [Fact]
    public async Task AVersionPublishedOnAnotherNode_IsUsedHereOnceTheCacheDurationHasPassed()
    {
        await _h.ImportAsync(Document);
        Assert.Equal(1, (await _h.CaseAsync((await _h.StartAsync("test-document")).CaseId)).DefinitionVersion);

        // Another app node: same database, its own catalog.
        var otherNode = new WorkflowDefinitionService(_h.Definitions, _h.Time, new WorkflowDefinitionCatalog());
        await otherNode.ImportTemplateAsync(Version2(), "v2.json", TestContext.Current.CancellationToken);

        var soon = await _h.StartAsync("test-document");
        _h.Time.Advance(new WorkflowOptions().PublishedDefinitionCacheDuration);
        var later = await _h.StartAsync("test-document");

        Assert.Equal(1, (await _h.CaseAsync(soon.CaseId)).DefinitionVersion);
        Assert.Equal(2, (await _h.CaseAsync(later.CaseId)).DefinitionVersion);
    }

    [Fact]
    public async Task ImportTemplate_SameContentTwice_IsIdempotentButChangedContentNeedsANewVersion()
    {
        var first = await _h.ImportAsync(Document);
        var again = await _h.ImportAsync(Document);

        Assert.Equal(first.Id, again.Id);
        var changed = EngineHarness.Fixture(Document).Replace("Soạn thảo tài liệu", "Khác", StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _h.DefinitionService.ImportTemplateAsync(changed, "x.json", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ImportTemplate_InvalidDefinition_IsRefusedWithProblems()
    {
        var ex = await Assert.ThrowsAsync<InvalidWorkflowDefinitionException>(() =>
            _h.DefinitionService.ImportTemplateAsync(EngineHarness.Fixture("Definitions/Broken/unknown-target.json"), "b.json", TestContext.Current.CancellationToken));

        Assert.Contains(ex.Problems, p => p.JsonPath == "$.nodes[1].outcomes[0].to");
    }

    [Fact]
    public async Task AdoptTemplate_WithAdaptations_AgencyCasesUseItsUnitsAndStepTimes()
    {
        await _h.ImportAsync(Document);

        var adopted = await _h.DefinitionService.AdoptAsync(_h.AgencyId, "test-document", new DefinitionAdaptation(
            UnitCodes: new Dictionary<string, string> { ["VP"] = "VAN-PHONG" },
            StepDurations: new Dictionary<string, DurationSpec> { ["draft"] = DurationSpec.Days(2) }),
            cancellationToken: TestContext.Current.CancellationToken);
        var started = await _h.StartAsync("test-document");

        Assert.Equal(_h.AgencyId, adopted.OwnerAgencyId);
        Assert.Equal(("test-document", 1), (adopted.SourceKey, adopted.SourceVersion));
        Assert.Equal(adopted.Id, (await _h.CaseAsync(started.CaseId)).DefinitionId);
        var task = started.OpenTasks[0];
        Assert.Equal("VAN-PHONG", task.CandidateUnitCode);
        Assert.Equal(EngineHarness.Epoch.AddHours(16), task.DueAt);
    }

    [Fact]
    public async Task CarryOverPublished_GivesTheSuccessorThePredecessorsProcedure_OnceAndNotOverItsOwn()
    {
        var successor = Guid.Parse("0195a000-0000-7000-8000-0000000000ff");
        var ct = TestContext.Current.CancellationToken;
        await _h.ImportAsync(Document);
        var adopted = await _h.DefinitionService.AdoptAsync(_h.AgencyId, "test-document", new DefinitionAdaptation(
            StepDurations: new Dictionary<string, DurationSpec> { ["draft"] = DurationSpec.Days(2) }), cancellationToken: ct);

        var carried = await _h.DefinitionService.CarryOverPublishedAsync(_h.AgencyId, successor, ct);
        var again = await _h.DefinitionService.CarryOverPublishedAsync(_h.AgencyId, successor, ct);

        var copy = Assert.Single(carried);
        Assert.Empty(again);
        Assert.Equal((successor, "test-document", DefinitionStatus.Published), (copy.OwnerAgencyId, copy.Key, copy.Status));
        Assert.Equal(("test-document", 1), (copy.SourceKey, copy.SourceVersion));
        Assert.Contains("\"workingDays\": 2", copy.Json, StringComparison.Ordinal);
        Assert.Equal(DefinitionStatus.Published, (await _h.Definitions.FindAsync(adopted.Id, ct))!.Status);
        Assert.Equal(copy.Id, (await _h.Definitions.FindPublishedAsync(successor, "test-document", ct))!.Id);
    }

    [Fact]
    public async Task AdoptTemplate_UnitTheAgencyLacks_FaultsWhenTheStepOpens()
    {
        await _h.ImportAsync(Document);
        await _h.DefinitionService.AdoptAsync(_h.AgencyId, "test-document",
            new DefinitionAdaptation(UnitCodes: new Dictionary<string, string> { ["VP"] = "KHONG-CO" }), cancellationToken: TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<Iso.Workflows.Runtime.WorkflowFaultException>(() => _h.StartAsync("test-document"));

        Assert.Contains("KHONG-CO", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DraftPublishRetire_FollowsTheLifecycle()
    {
        var draft = await _h.DefinitionService.SaveDraftAsync(_h.AgencyId, EngineHarness.Fixture(Document), TestContext.Current.CancellationToken);
        Assert.Equal(DefinitionStatus.Draft, draft.Status);
        await Assert.ThrowsAsync<Iso.Workflows.Runtime.WorkflowException>(() => _h.StartAsync("test-document"));

        await _h.DefinitionService.PublishAsync(_h.AgencyId, "test-document", draft.Version, TestContext.Current.CancellationToken);
        Assert.Single((await _h.StartAsync("test-document")).OpenTasks);

        await _h.DefinitionService.RetireAsync(_h.AgencyId, "test-document", draft.Version, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<Iso.Workflows.Runtime.WorkflowException>(() => _h.StartAsync("test-document"));
    }

    public void Dispose() => _h.Dispose();
}
