using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Documents;
using Iso.Web.Procedures;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Iso.Web.Tests.Procedures.ProcedureTestData;

namespace Iso.Web.Tests.Documents;

/// <summary>ADR 0025 on the real app (SQLite file): a procedure document's draft carries a procedure draft; approving the
/// document publishes it in the same transaction, or nothing changes; while carried under review it has no other route.</summary>
public sealed class DocumentProcedureVersionTests(IsoWebFactory factory)
{
    private static readonly ApproveProcedureRequest Decision = new("45/QĐ-STP", new DateOnly(2026, 3, 2));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Approval_PublishesTheCarriedDraft_AndRetiresTheVersionBefore_InTheSameStep()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        await AdoptAsync(scope, officer, key);
        (await scope.Get<ProcedurePublishing>().SubmitAsync(officer, key, 1, Ct)).Ok();
        (await scope.Get<ProcedurePublishing>().ApproveAsync(await scope.ServiceProvider.CallerAsync(Leader), key, 1, Decision, Ct)).Ok();
        var second = (await scope.Get<ProcedureAuthoring>().CreateAsync(officer, new CreateProcedureRequest(CopyOf: key, CopyOfVersion: 1, Key: key), Ct)).Ok();
        Assert.Equal((2, "draft"), (second.Version, second.Status));

        var code = DocumentPeople.NewCode();
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(
            DocumentKind.Procedure, code, "Quy trình " + code, "## 1. Mục đích", ProcedureKey: key, ProcedureDraft: 2), Ct)).Ok();

        // The draft document shows the draft it carries, marked as such.
        var draftFlow = (await scope.Get<DocumentProcedures>().OfDocumentAsync(team.Author, created.Id, created.VersionId, Ct)).Ok().Flow!;
        Assert.Equal((key, 2, true), (draftFlow.ProcedureKey, draftFlow.Version, draftFlow.IsDraft));
        Assert.NotNull(draftFlow.Graph);

        await team.PassAsync(scope, created.Id);

        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var versions = await db.Set<StoredDefinition>().AsNoTracking().Where(d => d.OwnerAgencyId == team.Author.AgencyId && d.Key == key)
            .OrderBy(d => d.Version).Select(d => d.Status).ToListAsync(Ct);
        Assert.Equal([DefinitionStatus.Retired, DefinitionStatus.Published], versions);
        var version = await db.DocumentVersions.AsNoTracking().SingleAsync(v => v.Id == created.VersionId, Ct);
        Assert.Equal(DocumentVersionStatus.Effective, version.Status);
        var events = await db.ProcedureEvents.AsNoTracking().Where(e => e.Key == key && e.AgencyId == team.Author.AgencyId).OrderBy(e => e.Id).ToListAsync(Ct);
        var approved = events.Last();
        Assert.Equal(("approved", 2, team.Approver.UserId), (approved.Kind, approved.Version, approved.UserId));
        Assert.Contains(code, approved.Comment, StringComparison.Ordinal);
        Assert.Contains(events, e => e is { Kind: "retired", Version: 1, Comment: "→ v2" });

        // The effective document shows exactly the version it was approved with, now published; and cases start on it.
        var flow = (await scope.Get<DocumentProcedures>().OfDocumentAsync(team.Author, created.Id, created.VersionId, Ct)).Ok().Flow!;
        Assert.Equal((2, false), (flow.Version, flow.IsDraft));
        var running = (await scope.Get<DocumentProcedures>().LinkableAsync(team.Author, team.Author.AgencyId, Ct)).Ok();
        Assert.Equal(2, running.Single(p => p.Key == key).Version);
        var print = (await scope.Get<PrintDocument>().HandleAsync(team.Author, created.Id, new PrintDocumentRequest(), Ct)).Ok();
        Assert.Equal(2, print.Flow!.Version);
    }

    [Fact]
    public async Task InvalidCarriedDraft_IsRefusedAtSubmission_AndAtApproval_AndNothingChanges()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var validJson = draft.Json;
        var steps = draft.Steps!.Steps.ToList();
        steps.Single(s => s.NodeId == "review").Outcomes[0].To = "khong-co";
        var broken = (await scope.Get<ProcedureAuthoring>().SaveDraftAsync(officer, key, 1, StepTable.Apply(draft.Json, steps, null), ProcedureData.RevisionOf(draft.ETag), Ct)).Ok();

        var code = DocumentPeople.NewCode();
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(
            DocumentKind.Procedure, code, "Quy trình " + code, "## 1. Mục đích", ProcedureKey: key, ProcedureDraft: 1), Ct)).Ok();

        var submit = await scope.Get<SubmitDocument>().HandleAsync(team.Author, created.Id, new SubmitDocumentRequest(Demo.Password), Ct);

        Assert.Equal(ProblemKind.Conflict, submit.Problem?.Kind);
        Assert.Equal("Problem_DocumentProcedureDraftInvalid", submit.Problem!.Detail.Key);
        Assert.Equal([code, key, 1], submit.Problem.Detail.Args.Take(3));
        Assert.Equal(DocumentVersionStatus.Draft, await StatusAsync(scope, created.VersionId));

        // Repaired, it goes through review; then (as if the rules changed meanwhile) it is invalid again at approval.
        (await scope.Get<ProcedureAuthoring>().SaveDraftAsync(officer, key, 1, validJson, ProcedureData.RevisionOf(broken.ETag), Ct)).Ok();
        (await scope.Get<SubmitDocument>().HandleAsync(team.Author, created.Id, new SubmitDocumentRequest(Demo.Password), Ct)).Ok();
        (await scope.Get<DecideOnDocument>().HandleAsync(team.Reviewer, created.Id, ReviewStage.Review, new DocumentDecisionRequest("pass", Demo.Password), Ct)).Ok();
        await SetJsonAsync(scope, key, StepTable.Apply(validJson, steps, null));

        var approve = await scope.Get<DecideOnDocument>().HandleAsync(team.Approver, created.Id, ReviewStage.Approval, new DocumentDecisionRequest("approve", Demo.Password), Ct);

        Assert.Equal("Problem_DocumentProcedureDraftInvalid", approve.Problem?.Detail.Key);
        Assert.Equal(DocumentVersionStatus.InReview, await StatusAsync(scope, created.VersionId));
        await using (var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct))
        {
            Assert.Equal(DefinitionStatus.Draft, await db.Set<StoredDefinition>().Where(d => d.OwnerAgencyId == team.Author.AgencyId && d.Key == key).Select(d => d.Status).SingleAsync(Ct));
            Assert.DoesNotContain(await db.ProcedureEvents.Where(e => e.Key == key).Select(e => e.Kind).ToListAsync(Ct), k => k is "approved" or "retired");
            Assert.Null(await db.Documents.Where(d => d.Id == created.Id).Select(d => d.EffectiveVersionId).SingleAsync(Ct));
        }

        // Put right, the same approval step (still open) publishes both.
        await SetJsonAsync(scope, key, validJson);
        (await scope.Get<DecideOnDocument>().HandleAsync(team.Approver, created.Id, ReviewStage.Approval, new DocumentDecisionRequest("approve", Demo.Password), Ct)).Ok();
        Assert.Equal(DocumentVersionStatus.Effective, await StatusAsync(scope, created.VersionId));
    }

    [Fact]
    public async Task CarriedDraftUnderReview_CannotBeChangedOrSubmittedDirectly_AndOneNoLongerADraftIsRefused()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var officer = await scope.ServiceProvider.CallerAsync(Officer);
        var key = NewKey();
        var draft = await AdoptAsync(scope, officer, key);
        var code = DocumentPeople.NewCode();
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(
            DocumentKind.Procedure, code, "Quy trình " + code, "## 1. Mục đích", ProcedureKey: key, ProcedureDraft: 1), Ct)).Ok();
        (await scope.Get<SubmitDocument>().HandleAsync(team.Author, created.Id, new SubmitDocumentRequest(Demo.Password), Ct)).Ok();

        var submit = await scope.Get<ProcedurePublishing>().SubmitAsync(officer, key, 1, Ct);
        var save = await scope.Get<ProcedureAuthoring>().SaveDraftAsync(officer, key, 1, draft.Json, ProcedureData.RevisionOf(draft.ETag), Ct);

        Assert.Equal(("Problem_ProcedureCarriedByDocument", ProblemKind.Conflict), (submit.Problem?.Detail.Key, submit.Problem?.Kind));
        Assert.Equal(code, submit.Problem!.Detail.Args[2]);
        Assert.Equal("Problem_ProcedureCarriedByDocument", save.Problem?.Detail.Key);

        // Returned to its author, the document no longer holds the draft: the procedure can go its own way…
        (await scope.Get<DecideOnDocument>().HandleAsync(team.Reviewer, created.Id, ReviewStage.Review, new DocumentDecisionRequest("return", Demo.Password, "Sửa lại"), Ct)).Ok();
        (await scope.Get<ProcedurePublishing>().SubmitAsync(officer, key, 1, Ct)).Ok();

        // …and the document, still carrying it, is told at once that it is no longer a draft.
        var again = await scope.Get<SubmitDocument>().HandleAsync(team.Author, created.Id, new SubmitDocumentRequest(Demo.Password), Ct);
        Assert.Equal("Problem_DocumentProcedureDraftState", again.Problem?.Detail.Key);
        Assert.Equal(DocumentVersionStatus.Draft, await StatusAsync(scope, created.VersionId));
    }

    [Fact]
    public async Task Draft_CarriesOnlyADraftOfItsOwnProcedure()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var code = DocumentPeople.NewCode();

        var untied = await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(
            DocumentKind.Procedure, code, "Quy trình " + code, ProcedureDraft: 1), Ct);
        var unknown = await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(
            DocumentKind.Procedure, code, "Quy trình " + code, ProcedureKey: "records-control", ProcedureDraft: 7), Ct);

        Assert.Equal([DocumentProcedures.DraftField], untied.Problem!.Errors.Keys);
        Assert.Equal("Validation_ProcedureDraftUnknown", unknown.Problem!.Errors[DocumentProcedures.DraftField][0].Key);
    }

    [Fact]
    public async Task Demo_HasAnEffectiveProcedureDocument_ShowingTheTthcProcedureItWasApprovedWith()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);

        var listed = (await scope.Get<ListDocuments>().HandleAsync(staff, new ListDocumentsRequest(Text: "QT-TTHC-01"), Ct)).Ok();

        var row = Assert.Single(listed.Items);
        Assert.Equal((DocumentStatus.Effective, DocumentKind.Procedure), (row.Status, row.Kind));
        var details = (await scope.Get<GetDocument>().HandleAsync(staff, row.Id, cancellationToken: Ct)).Ok();
        var flow = (await scope.Get<DocumentProcedures>().OfDocumentAsync(staff, row.Id, details.VersionId, Ct)).Ok().Flow!;
        Assert.Equal(("tthc-mot-cap", false, true), (flow.ProcedureKey, flow.IsDraft, flow.IsApprovedWith));
        Assert.Equal(3, details.Signatures.Count);
    }

    private static async Task<DocumentVersionStatus> StatusAsync(AsyncServiceScope scope, Guid versionId)
    {
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        return await db.DocumentVersions.Where(v => v.Id == versionId).Select(v => v.Status).SingleAsync(Ct);
    }

    private static async Task SetJsonAsync(AsyncServiceScope scope, string key, string json)
    {
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var stored = await db.Set<StoredDefinition>().SingleAsync(d => d.Key == key && d.Version == 1 && d.OwnerAgencyId != null, Ct);
        stored.Json = json;
        stored.Revision++;
        await db.SaveChangesAsync(Ct);
    }
}
