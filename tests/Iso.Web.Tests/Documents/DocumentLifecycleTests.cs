using Iso.Data.Documents;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Documents;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Documents;

/// <summary>The document-control procedure end to end on the real app: separation of duties, password signatures,
/// and the <c>document.publish</c> handler making versions effective and superseding the one before, atomically.</summary>
public sealed class DocumentLifecycleTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Approval_MakesTheVersionEffective_WithWhoWhenAndMeaningOfEachSignature()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var code = DocumentPeople.NewCode();

        var id = await team.PublishAsync(scope, code, effectiveOn: new DateOnly(2026, 12, 15));

        var details = (await scope.Get<GetDocument>().HandleAsync(team.Author, id, cancellationToken: Ct)).Ok();
        Assert.Equal(DocumentStatus.Effective, details.Status);
        Assert.Equal(DocumentVersionStatus.Effective, details.VersionStatus);
        Assert.Equal(new DateOnly(2026, 12, 15), details.EffectiveOn);
        Assert.Equal(
            [(GetDocument.MeaningPrepared, "Trần Thị Soạn"), (GetDocument.MeaningReviewed, "Nguyễn Văn Xét"), (GetDocument.MeaningApproved, "Lê Văn Duyệt")],
            details.Signatures.Select(s => (s.Meaning, s.PrintedName)));
        Assert.Equal(team.Approver.UserId, details.Signatures[2].UserId);
        var changes = Assert.Single(details.Changes);
        Assert.Equal((new DateOnly(2026, 12, 15), CreateDocument.FirstIssueSummary, 1, 0), (changes.Date, changes.Description, changes.IssueNo, changes.RevisionNo));

        await using var db = await scope.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Iso.Data.IsoDbContext>>().CreateDbContextAsync(Ct);
        var caseId = db.DocumentVersions.Single(v => v.Id == details.VersionId).ReviewCaseId!.Value;
        var workflowCase = await scope.Get<IWorkflowStore>().FindCaseAsync(caseId, Ct);
        Assert.Equal(("completed", CaseStatus.Completed), (workflowCase!.Result, workflowCase.Status));
    }

    [Fact]
    public async Task Revision_OnApproval_SupersedesThePreviousVersion_AndNeedsAChangeSummary()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var id = await team.PublishAsync(scope, DocumentPeople.NewCode());
        var first = (await scope.Get<GetDocument>().HandleAsync(team.Author, id, cancellationToken: Ct)).Ok().VersionId;

        var missing = await scope.Get<ReviseDocument>().HandleAsync(team.Author, id, new ReviseDocumentRequest(" "), Ct);
        Assert.Equal(["changeSummary"], missing.Problem!.Errors.Keys);

        var draft = (await scope.Get<ReviseDocument>().HandleAsync(team.Author, id, new ReviseDocumentRequest("Bổ sung bước 3", "Mục 5"), Ct)).Ok();
        var again = await scope.Get<ReviseDocument>().HandleAsync(team.Author, id, new ReviseDocumentRequest("Lần nữa"), Ct);
        Assert.Equal(ProblemKind.Conflict, again.Problem!.Kind);
        (await scope.Get<UpdateDraft>().HandleAsync(team.Author, id, new UpdateDraftRequest(
            new DraftFields("Quy trình sửa đổi", "## 1. Mục đích\n\nNội dung mới.", "Bổ sung bước 3", "Mục 5"), draft.ETag), Ct)).Ok();

        // While the revision is being written, everyone still reads the version in force.
        var reading = (await scope.Get<GetDocument>().HandleAsync(team.Author, id, cancellationToken: Ct)).Ok();
        Assert.Equal(first, reading.VersionId);

        await team.PassAsync(scope, id);

        var details = (await scope.Get<GetDocument>().HandleAsync(team.Author, id, cancellationToken: Ct)).Ok();
        Assert.Equal(draft.VersionId, details.VersionId);
        Assert.Equal((2, 0, "Quy trình sửa đổi"), (details.IssueNo, details.RevisionNo, details.Title));
        Assert.Equal(
            [(first, DocumentVersionStatus.Superseded), (draft.VersionId, DocumentVersionStatus.Effective)],
            details.Versions.Select(v => (v.Id, v.Status)));
        Assert.Equal(["Ban hành lần đầu", "Bổ sung bước 3"], details.Changes.Select(c => c.Description));
        var list = (await scope.Get<ListDocuments>().HandleAsync(team.Author, new ListDocumentsRequest(Text: details.Code), Ct)).Ok();
        Assert.Equal("Quy trình sửa đổi", Assert.Single(list.Items).Title);
    }

    [Fact]
    public async Task Approval_ByTheAuthorThemself_IsRefused_AndTheDocumentStaysInReview()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var both = await scope.ServiceProvider.CallerAsync(
            await DocumentPeople.CreateAsync(factory.Services, "Phạm Kiêm Nhiệm", IsoRoles.QualityOfficer, IsoRoles.Leader));
        var created = (await scope.Get<CreateDocument>().HandleAsync(both, new CreateDocumentRequest(DocumentKind.Procedure, DocumentPeople.NewCode(), "Tự duyệt"), Ct)).Ok();
        (await scope.Get<SubmitDocument>().HandleAsync(both, created.Id, new SubmitDocumentRequest(Demo.Password), Ct)).Ok();
        (await scope.Get<DecideOnDocument>().HandleAsync(team.Reviewer, created.Id, ReviewStage.Review, new DocumentDecisionRequest("pass", Demo.Password), Ct)).Ok();

        var details = (await scope.Get<GetDocument>().HandleAsync(both, created.Id, cancellationToken: Ct)).Ok();
        Assert.False(details.Actions.Approve);
        var own = await scope.Get<DecideOnDocument>().HandleAsync(both, created.Id, ReviewStage.Approval, new DocumentDecisionRequest("approve", Demo.Password), Ct);

        Assert.Equal((ProblemKind.Forbidden, "Problem_ApproveOwnDocument"), (own.Problem!.Kind, own.Problem.Detail.Key));
        Assert.Equal(DocumentVersionStatus.InReview, (await scope.Get<GetDocument>().HandleAsync(both, created.Id, cancellationToken: Ct)).Ok().VersionStatus);
        (await scope.Get<DecideOnDocument>().HandleAsync(team.Approver, created.Id, ReviewStage.Approval, new DocumentDecisionRequest("approve", Demo.Password), Ct)).Ok();
    }

    [Fact]
    public async Task Approval_ByAQualityOfficer_AndReview_ByALeader_AreRefused()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.Form, DocumentPeople.NewCode("BM"), "Biểu mẫu"), Ct)).Ok();
        (await scope.Get<SubmitDocument>().HandleAsync(team.Author, created.Id, new SubmitDocumentRequest(Demo.Password), Ct)).Ok();

        var leaderReview = await scope.Get<DecideOnDocument>().HandleAsync(team.Approver, created.Id, ReviewStage.Review, new DocumentDecisionRequest("pass", Demo.Password), Ct);
        Assert.Equal(ProblemKind.Forbidden, leaderReview.Problem!.Kind);
        var tooEarly = await scope.Get<DecideOnDocument>().HandleAsync(team.Approver, created.Id, ReviewStage.Approval, new DocumentDecisionRequest("approve", Demo.Password), Ct);
        Assert.Equal(ProblemKind.Conflict, tooEarly.Problem!.Kind);

        (await scope.Get<DecideOnDocument>().HandleAsync(team.Reviewer, created.Id, ReviewStage.Review, new DocumentDecisionRequest("pass", Demo.Password), Ct)).Ok();
        var officerApproval = await scope.Get<DecideOnDocument>().HandleAsync(team.Reviewer, created.Id, ReviewStage.Approval, new DocumentDecisionRequest("approve", Demo.Password), Ct);
        Assert.Equal(ProblemKind.Forbidden, officerApproval.Problem!.Kind);
    }

    [Fact]
    public async Task Signing_WithAWrongPassword_IsRefused_AndNothingMoves()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.Procedure, DocumentPeople.NewCode(), "Ký sai"), Ct)).Ok();

        var wrong = await scope.Get<SubmitDocument>().HandleAsync(team.Author, created.Id, new SubmitDocumentRequest("not-my-password"), Ct);
        var missing = await scope.Get<SubmitDocument>().HandleAsync(team.Author, created.Id, new SubmitDocumentRequest(null), Ct);

        Assert.Equal(["password"], wrong.Problem!.Errors.Keys);
        Assert.Equal(["password"], missing.Problem!.Errors.Keys);
        var details = (await scope.Get<GetDocument>().HandleAsync(team.Author, created.Id, cancellationToken: Ct)).Ok();
        Assert.Equal((DocumentVersionStatus.Draft, ReviewStage.None), (details.VersionStatus, details.Stage));
        Assert.Empty(details.Signatures);
    }

    [Fact]
    public async Task Return_AtReview_GivesTheDraftBackWithTheComment_AndResubmissionContinuesTheSameCase()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.Procedure, DocumentPeople.NewCode(), "Trả lại"), Ct)).Ok();
        (await scope.Get<SubmitDocument>().HandleAsync(team.Author, created.Id, new SubmitDocumentRequest(Demo.Password), Ct)).Ok();

        var noComment = await scope.Get<DecideOnDocument>().HandleAsync(team.Reviewer, created.Id, ReviewStage.Review, new DocumentDecisionRequest("return", Demo.Password), Ct);
        Assert.Equal(["comment"], noComment.Problem!.Errors.Keys);
        (await scope.Get<DecideOnDocument>().HandleAsync(team.Reviewer, created.Id, ReviewStage.Review,
            new DocumentDecisionRequest("return", Demo.Password, "Bổ sung bảng theo dõi sửa đổi."), Ct)).Ok();

        var returned = (await scope.Get<GetDocument>().HandleAsync(team.Author, created.Id, cancellationToken: Ct)).Ok();
        Assert.Equal((DocumentVersionStatus.Draft, ReviewStage.Returned, "Bổ sung bảng theo dõi sửa đổi."), (returned.VersionStatus, returned.Stage, returned.ReturnComment));
        Assert.True(returned.Actions.Edit);
        (await scope.Get<UpdateDraft>().HandleAsync(team.Author, created.Id, new UpdateDraftRequest(new DraftFields("Trả lại", "Đã bổ sung."), returned.ETag), Ct)).Ok();

        await team.PassAsync(scope, created.Id);

        await using var db = await scope.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Iso.Data.IsoDbContext>>().CreateDbContextAsync(Ct);
        var caseId = db.DocumentVersions.Single(v => v.DocumentId == created.Id).ReviewCaseId!.Value;
        var tasks = await scope.Get<IWorkflowStore>().GetTasksOfCaseAsync(caseId, Ct);
        Assert.Equal(["draft", "review", "draft", "review", "approve"], tasks.Select(t => t.NodeId));
    }

    [Fact]
    public async Task Submit_WithAReferenceToNoDocumentInForce_WarnsAndStillSubmits()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var target = DocumentPeople.NewCode();
        await team.PublishAsync(scope, target);
        var missing = DocumentPeople.NewCode();
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author,
            new CreateDocumentRequest(DocumentKind.WorkInstruction, DocumentPeople.NewCode("HD"), "Hướng dẫn", $"Theo [[{target}]] và [[{missing}]]."), Ct)).Ok();

        var submitted = (await scope.Get<SubmitDocument>().HandleAsync(team.Author, created.Id, new SubmitDocumentRequest(Demo.Password), Ct)).Ok();

        Assert.Equal([missing], submitted.DanglingReferences);
        Assert.Equal(DocumentVersionStatus.InReview, submitted.VersionStatus);
    }

    [Fact]
    public async Task Obsolete_WithdrawsTheDocument_AndItsVersionIsNoLongerInForce()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var code = DocumentPeople.NewCode();
        var id = await team.PublishAsync(scope, code);

        var noReason = await scope.Get<ObsoleteDocument>().HandleAsync(team.Approver, id, new ObsoleteDocumentRequest("", Demo.Password), Ct);
        var byOfficer = await scope.Get<ObsoleteDocument>().HandleAsync(team.Author, id, new ObsoleteDocumentRequest("Hết hiệu lực", Demo.Password), Ct);
        (await scope.Get<ObsoleteDocument>().HandleAsync(team.Approver, id, new ObsoleteDocumentRequest("Thủ tục đã bãi bỏ", Demo.Password), Ct)).Ok();

        Assert.Equal(["reason"], noReason.Problem!.Errors.Keys);
        Assert.Equal(ProblemKind.Forbidden, byOfficer.Problem!.Kind);
        var details = (await scope.Get<GetDocument>().HandleAsync(team.Author, id, cancellationToken: Ct)).Ok();
        Assert.Equal((DocumentStatus.Obsolete, DocumentVersionStatus.Obsolete, "Thủ tục đã bãi bỏ"), (details.Status, details.VersionStatus, details.ObsoleteReason));
        var rendered = (await scope.Get<DocumentRendering>().PreviewAsync(team.Author, $"[[{code}]]", Ct)).Ok();
        Assert.Equal([code], rendered.DanglingReferences);
    }

    [Fact]
    public async Task CreateDocument_WithATakenCodeOrMissingTitle_IsRefusedFieldByField()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var code = DocumentPeople.NewCode();
        (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.Procedure, code, "Lần một"), Ct)).Ok();

        var taken = await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.Procedure, code.ToLowerInvariant(), "Lần hai"), Ct);
        var blank = await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.External, "bad code!", " "), Ct);
        var byStaff = await scope.Get<CreateDocument>().HandleAsync(await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff),
            new CreateDocumentRequest(DocumentKind.Procedure, DocumentPeople.NewCode(), "Chuyên viên"), Ct);

        Assert.Equal("Validation_DocumentCodeTaken", Assert.Single(taken.Problem!.Errors["code"]).Key);
        Assert.Equal(["code", "externalEffectiveOn", "externalIssuer", "externalNumber", "title"], blank.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ProblemKind.Forbidden, byStaff.Problem!.Kind);
    }

    [Fact]
    public async Task NewProcedure_StartsFromTheSevenStandardSections()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.Procedure, DocumentPeople.NewCode(), "Mẫu"), Ct)).Ok();

        var details = (await scope.Get<GetDocument>().HandleAsync(team.Author, created.Id, cancellationToken: Ct)).Ok();
        var headings = details.Markdown.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim());
        Assert.Equal(DocumentTemplates.ProcedureSections, headings);
    }

    [Fact]
    public async Task DocumentControlTask_CompletedAsABareTask_IsRefused_SoNoStepSkipsThePasswordOrTheSeparationOfDuties()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.Procedure, DocumentPeople.NewCode(), "Lối tắt"), Ct)).Ok();
        (await scope.Get<SubmitDocument>().HandleAsync(team.Author, created.Id, new SubmitDocumentRequest(Demo.Password), Ct)).Ok();
        await using var db = await scope.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Iso.Data.IsoDbContext>>().CreateDbContextAsync(Ct);
        var caseId = db.DocumentVersions.Single(v => v.DocumentId == created.Id).ReviewCaseId!.Value;
        var review = (await scope.Get<IWorkflowStore>().GetTasksOfCaseAsync(caseId, Ct)).Single(t => t.Status == WorkflowTaskStatus.Open);

        var bare = await scope.Get<Iso.Web.Cases.CompleteTask>().HandleAsync(team.Reviewer, review.Id, new Iso.Web.Cases.CompleteTaskRequest("pass"), Ct);

        Assert.Equal((ProblemKind.Conflict, "Problem_DocumentTaskElsewhere"), (bare.Problem!.Kind, bare.Problem.Detail.Key));
        Assert.Equal(ReviewStage.Review, (await scope.Get<GetDocument>().HandleAsync(team.Author, created.Id, cancellationToken: Ct)).Ok().Stage);
    }
}
