using Iso.Data;
using Iso.Data.Documents;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Documents;
using Iso.Web.Records;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Documents;

/// <summary>Controlled copies and the print marks, the public portal, the records register and the records-control
/// procedure with its real <c>record.archive</c> handler, on the real app and database.</summary>
public sealed class DocumentCopiesAndRecordsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Copies_GetUniqueNumbersPerDocument_AndAreRecalledWhenTheDocumentIsRevised()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var id = await team.PublishAsync(scope, DocumentPeople.NewCode());
        var units = await scope.Get<GetDocument>().UnitsOfOwnAgencyAsync(team.Author, Ct);
        var copies = scope.Get<DocumentCopies>();

        var first = (await copies.IssueAsync(team.Author, id, new IssueCopyRequest(units[0].Id, null), Ct)).Ok();
        var second = (await copies.IssueAsync(team.Author, id, new IssueCopyRequest(null, team.Reviewer.UserId), Ct)).Ok();
        var third = (await copies.IssueAsync(team.Author, id, new IssueCopyRequest(units[^1].Id, null), Ct)).Ok();
        Assert.Equal(["BS-01", "BS-02", "BS-03"], new[] { first, second, third }.Select(c => c.CopyNo));
        Assert.Equal((units[0].Name, "Nguyễn Văn Xét"), (first.HolderName, second.HolderName));

        // A copy needs exactly one holder of the agency; only quality officers issue them.
        Assert.Equal(["holder"], (await copies.IssueAsync(team.Author, id, new IssueCopyRequest(null, null), Ct)).Problem!.Errors.Keys);
        Assert.Equal(["holder"], (await copies.IssueAsync(team.Author, id, new IssueCopyRequest(null, Guid.NewGuid()), Ct)).Problem!.Errors.Keys);
        Assert.Equal(ProblemKind.Forbidden, (await copies.IssueAsync(team.Approver, id, new IssueCopyRequest(units[0].Id, null), Ct)).Problem!.Kind);

        var recalled = (await copies.RecallAsync(team.Author, id, 3, new RecallCopyRequest("Đơn vị giải thể"), Ct)).Ok();
        Assert.Equal((CopyRecall.ByHand, "Đơn vị giải thể"), (recalled.Recall, recalled.RecallReason));
        Assert.Equal(ProblemKind.Conflict, (await copies.RecallAsync(team.Author, id, 3, new RecallCopyRequest(null), Ct)).Problem!.Kind);

        // Revising: while the revision is written the copies stay; when it is approved, every copy of the old version is recalled.
        var draft = (await scope.Get<ReviseDocument>().HandleAsync(team.Author, id, new ReviseDocumentRequest("Bổ sung bước 4"), Ct)).Ok();
        Assert.True((await copies.ListAsync(team.Author, id, Ct)).Ok().Take(2).All(c => c.IsValid));
        await team.PassAsync(scope, id);
        var after = (await copies.ListAsync(await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff), id, Ct)).Ok();
        Assert.Equal([CopyRecall.Superseded, CopyRecall.Superseded, CopyRecall.ByHand], after.Select(c => c.Recall));
        Assert.All(after.Take(2), c => Assert.NotNull(c.RecalledAt));

        // The new version's copies start at the next number: numbers are never reused in a document.
        var fourth = (await copies.IssueAsync(team.Author, id, new IssueCopyRequest(units[0].Id, null), Ct)).Ok();
        Assert.Equal(("BS-04", draft.VersionId), (fourth.CopyNo, fourth.VersionId));
    }

    [Fact]
    public async Task Print_IsAnUncontrolledCopyWithThePrintDate_UnlessAValidControlledCopyIsAsked_AndOldVersionsAreMarked()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var id = await team.PublishAsync(scope, DocumentPeople.NewCode());
        var firstVersion = (await scope.Get<GetDocument>().HandleAsync(team.Author, id, cancellationToken: Ct)).Ok().VersionId;
        var units = await scope.Get<GetDocument>().UnitsOfOwnAgencyAsync(team.Author, Ct);
        var copy = (await scope.Get<DocumentCopies>().IssueAsync(team.Author, id, new IssueCopyRequest(units[0].Id, null), Ct)).Ok();
        var printing = scope.Get<PrintDocument>();
        var clock = scope.Get<Iso.Web.Cases.CaseClock>();
        var today = DateOnly.FromDateTime(clock.ToLocal(clock.Now).DateTime);

        var plain = (await printing.HandleAsync(await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff), id, new PrintDocumentRequest(), Ct)).Ok();
        Assert.Equal((CopyMark.Uncontrolled, null, false), (plain.Mark, plain.CopyNo, plain.NotInForce));
        Assert.Equal(today, plain.PrintedOn);

        var controlled = (await printing.HandleAsync(team.Author, id, new PrintDocumentRequest(CopyNumber: copy.Number), Ct)).Ok();
        Assert.Equal((CopyMark.Controlled, "BS-01", units[0].Name), (controlled.Mark, controlled.CopyNo, controlled.HolderName));
        Assert.Single(controlled.Copies);

        // Only quality officers print controlled copies; a copy number nobody holds is not found.
        Assert.Equal(ProblemKind.Forbidden, (await printing.HandleAsync(await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff), id, new PrintDocumentRequest(CopyNumber: 1), Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await printing.HandleAsync(team.Author, id, new PrintDocumentRequest(CopyNumber: 9), Ct)).Problem!.Kind);

        (await scope.Get<ReviseDocument>().HandleAsync(team.Author, id, new ReviseDocumentRequest("Sửa đổi"), Ct)).Ok();
        await team.PassAsync(scope, id);

        // The copy went with its version: printing it now is refused; the old version prints marked as superseded.
        Assert.Equal(ProblemKind.Conflict, (await printing.HandleAsync(team.Author, id, new PrintDocumentRequest(CopyNumber: 1), Ct)).Problem!.Kind);
        var old = (await printing.HandleAsync(team.Author, id, new PrintDocumentRequest(firstVersion), Ct)).Ok();
        Assert.Equal((CopyMark.Uncontrolled, DocumentVersionStatus.Superseded, true), (old.Mark, old.Details.VersionStatus, old.NotInForce));
    }

    [Fact]
    public async Task Portal_ShowsOnlyTheEffectivePolicyObjectivesAndProceduresOfThatAgency()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var create = scope.Get<CreateDocument>();
        var procedure = DocumentPeople.NewCode();
        var procedureId = await team.PublishAsync(scope, procedure, "## 1. Mục đích\n\nXem [[" + procedure + "]] và <script>alert(1)</script>.");
        var policy = (await create.HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.QualityPolicy, DocumentPeople.NewCode("CS"), "Chính sách chất lượng", "Cam kết."), Ct)).Ok();
        await team.PassAsync(scope, policy.Id);
        var form = (await create.HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.Form, DocumentPeople.NewCode("BM"), "Biểu mẫu", "Mẫu."), Ct)).Ok();
        await team.PassAsync(scope, form.Id);
        var draft = (await create.HandleAsync(team.Author, new CreateDocumentRequest(DocumentKind.Procedure, DocumentPeople.NewCode(), "Quy trình dự thảo", "Nháp."), Ct)).Ok();
        var withdrawn = await team.PublishAsync(scope, DocumentPeople.NewCode());
        (await scope.Get<ObsoleteDocument>().HandleAsync(team.Approver, withdrawn, new ObsoleteDocumentRequest("Không còn áp dụng", Demo.Password), Ct)).Ok();
        var portal = scope.Get<PublicDocuments>();

        var listed = (await portal.ListAsync(Demo.JusticeCode, Ct)).Ok();

        var codes = listed.Documents.Select(d => d.Code).ToList();
        Assert.Contains(procedure, codes);
        Assert.Contains(listed.Documents, d => d.Kind == DocumentKind.QualityPolicy && d.Title == "Chính sách chất lượng");
        Assert.All(listed.Documents, d => Assert.Contains(d.Kind, PublicDocuments.PublishedKinds));
        Assert.DoesNotContain(listed.Documents, d => d.Title is "Biểu mẫu" or "Quy trình dự thảo");
        var withdrawnCode = (await scope.Get<GetDocument>().HandleAsync(team.Author, withdrawn, cancellationToken: Ct)).Ok().Code;
        Assert.DoesNotContain(withdrawnCode, codes);

        var other = (await portal.ListAsync(Demo.HomeAffairsCode, Ct)).Ok();
        Assert.DoesNotContain(procedure, other.Documents.Select(d => d.Code));
        Assert.Equal(ProblemKind.NotFound, (await portal.ReadAsync(Demo.HomeAffairsCode, procedure, Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await portal.ReadAsync(Demo.JusticeCode, form.Id.ToString(), Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await portal.ListAsync("KHONG-CO", Ct)).Problem!.Kind);

        var read = (await portal.ReadAsync(Demo.JusticeCode, procedure.ToLowerInvariant(), Ct)).Ok();
        Assert.Equal(["Trần Thị Soạn", "Nguyễn Văn Xét", "Lê Văn Duyệt"], read.Signatures.Select(s => s.PrintedName));
        Assert.DoesNotContain("<script", read.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"href=\"/cong-khai/{Demo.JusticeCode}/{procedure}\"", read.Html, StringComparison.Ordinal);
        Assert.NotEqual(Guid.Empty, procedureId);
    }

    [Fact]
    public async Task RecordTypes_AreCreatedAndEdited_ByQualityOfficersOfTheAgency_AndInvisibleToOtherAgencies()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var register = scope.Get<RecordTypes>();
        var name = "Sổ theo dõi " + Guid.NewGuid().ToString("N")[..6];

        var invalid = await register.CreateAsync(team.Author, new RecordTypeRequest(" ", null, "", 0, false, null), Ct);
        Assert.Equal(["location", "name", "responsible", "retentionYears"], invalid.Problem!.Errors.Keys.Order());
        Assert.Equal(ProblemKind.Forbidden, (await register.CreateAsync(team.Approver, new RecordTypeRequest(name, null, "Văn phòng", 5, false, "Văn thư"), Ct)).Problem!.Kind);

        var created = (await register.CreateAsync(team.Author, new RecordTypeRequest(name, "tthc-mot-cap", "Văn phòng", 5, false, "Văn thư"), Ct)).Ok();
        Assert.Equal(["name"], (await register.CreateAsync(team.Author, new RecordTypeRequest(name, null, "Kho", 2, false, "Văn thư"), Ct)).Problem!.Errors.Keys);

        var edited = (await register.UpdateAsync(team.Author, created.Id, new RecordTypeRequest(name, "tthc-mot-cap", "Kho lưu trữ", 10, true, "Văn thư", created.Revision), Ct)).Ok();
        Assert.Equal(("Kho lưu trữ", 10, true, created.Revision + 1), (edited.Location, edited.RetentionYears, edited.Permanent, edited.Revision));
        var stale = await register.UpdateAsync(team.Author, created.Id, new RecordTypeRequest(name, null, "Kho", 3, false, "Văn thư", created.Revision), Ct);
        Assert.Equal(ProblemKind.PreconditionFailed, stale.Problem!.Kind);

        Assert.Contains((await register.ListAsync(team.Approver, cancellationToken: Ct)).Ok(), t => t.Id == created.Id);
        var outsider = await scope.ServiceProvider.CallerAsync(Demo.HomeAffairsStaff);
        Assert.Equal(ProblemKind.NotFound, (await register.GetAsync(outsider, created.Id, Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await register.UpdateAsync(outsider, created.Id, new RecordTypeRequest(name, null, "X", 1, false, "Y"), Ct)).Problem!.Kind);
        Assert.DoesNotContain((await register.ListAsync(outsider, cancellationToken: Ct)).Ok(), t => t.Id == created.Id);

        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        Assert.True(await db.History.CountAsync(h => h.EntityId == created.Id.ToString(), Ct) >= 2);
    }

    [Fact]
    public async Task RecordsControl_CompletesThroughTheEngine_AndArchivesOnlyTheRecordsWhoseRetentionEnded()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var register = scope.Get<RecordTypes>();
        var key = "ho-so-thu-" + Guid.NewGuid().ToString("N")[..8];
        var type = (await register.CreateAsync(team.Author, new RecordTypeRequest("Hồ sơ " + key, key, "Văn phòng", 5, true, "Văn thư"), Ct)).Ok();
        var now = scope.Get<TimeProvider>().GetUtcNow();
        var expired = await FinishedCaseAsync(scope, key, now.AddYears(-6));
        var kept = await FinishedCaseAsync(scope, key, now.AddYears(-1));

        var before = (await register.GetAsync(team.Author, type.Id, Ct)).Ok();
        Assert.Equal([(expired, RecordState.RetentionEnded), (kept, RecordState.Kept)], before.Records.OrderBy(r => r.CompletedAt).Select(r => (r.CaseId, r.State)));

        var runtime = scope.Get<IWorkflowRuntime>();
        var agencyId = team.Author.AgencyId;
        var office = new WorkflowActor(team.Reviewer.UserId, ["Staff"], ["VP"]);
        var quality = new WorkflowActor(team.Author.UserId, ["QualityOfficer"], ["VP"]);
        var clerk = new WorkflowActor(team.Approver.UserId, ["Staff"], ["VAN-THU"]);
        var started = await runtime.StartCaseAsync(new StartCaseCommand(agencyId, "records-control", InitiatorId: office.UserId), Ct);
        var check = Assert.Single((await runtime.CompleteTaskAsync(new CompleteTaskCommand(started.OpenTasks[0].Id, office, "submit",
            Form: new Dictionary<string, string?> { ["recordsTitle"] = type.Name, ["location"] = "Văn phòng", ["retentionYears"] = "5", ["permanent"] = "true" }), Ct)).OpenTasks);
        var retain = Assert.Single((await runtime.CompleteTaskAsync(new CompleteTaskCommand(check.Id, quality, "accept"), Ct)).OpenTasks);
        var transfer = Assert.Single((await runtime.CompleteTaskAsync(new CompleteTaskCommand(retain.Id, office, "retentionEnded"), Ct)).OpenTasks);
        var done = await runtime.CompleteTaskAsync(new CompleteTaskCommand(transfer.Id, clerk, "transferred",
            Form: new Dictionary<string, string?> { ["handoverMinutesNo"] = "07/BB-LT" }), Ct);

        Assert.Equal((CaseStatus.Completed, "completed"), (done.Status, done.Result));
        var after = (await register.GetAsync(team.Author, type.Id, Ct)).Ok();
        var archived = after.Records.Single(r => r.CaseId == expired);
        Assert.Equal(RecordState.Archived, archived.State);
        Assert.Equal("Lưu trữ cơ quan — BB 07/BB-LT", archived.Destination);
        Assert.Equal(RecordState.Kept, after.Records.Single(r => r.CaseId == kept).State);
        Assert.Equal(1, after.Type.Archived);

        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var row = await db.RecordArchives.SingleAsync(a => a.CaseId == expired, Ct);
        Assert.Equal((started.CaseId, clerk.UserId, type.Id), (row.DecisionCaseId, row.DecidedById, row.RecordTypeId));
        var journal = await scope.Get<IWorkflowStore>().GetJournalAsync(started.CaseId, Ct);
        Assert.Contains(journal, e => e.Kind == "RecordsArchived" && e.DataJson!.Contains("\"count\":1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcedureDocument_TiedToAProcedure_ShowsTheStepTableOfTheVersionThatRuns()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var id = await team.PublishAsync(scope, DocumentPeople.NewCode());
        var procedures = scope.Get<DocumentProcedures>();

        Assert.Equal(["procedureKey"], (await procedures.LinkAsync(team.Author, id, new LinkProcedureRequest("khong-co-quy-trinh"), Ct)).Problem!.Errors.Keys);
        Assert.Equal(ProblemKind.Forbidden, (await procedures.LinkAsync(team.Approver, id, new LinkProcedureRequest("records-control"), Ct)).Problem!.Kind);

        var flow = (await procedures.LinkAsync(team.Author, id, new LinkProcedureRequest("records-control"), Ct)).Ok();

        Assert.NotNull(flow);
        Assert.Equal("records-control", flow.ProcedureKey);
        Assert.Contains(flow.Steps.Steps, s => s.Title == "Lập danh mục và đăng ký hồ sơ");
        var print = (await scope.Get<PrintDocument>().HandleAsync(team.Author, id, new PrintDocumentRequest(), Ct)).Ok();
        Assert.Equal(flow.Steps.Steps.Select(s => s.NodeId), print.Flow!.Steps.Steps.Select(s => s.NodeId));
    }

    private static async Task<Guid> FinishedCaseAsync(AsyncServiceScope scope, string key, DateTimeOffset completedAt)
    {
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var agencyId = await db.Agencies.Where(a => a.Code == Demo.JusticeCode).Select(a => a.Id).SingleAsync(Ct);
        var definition = await db.Set<StoredDefinition>().Where(d => d.OwnerAgencyId == null && d.Key == "records-control").Select(d => d.Id).FirstAsync(Ct);
        var id = Guid.NewGuid();
        db.Set<WorkflowCaseRecord>().Add(new WorkflowCaseRecord
        {
            Id = id,
            AgencyId = agencyId,
            DefinitionId = definition,
            DefinitionKey = key,
            DefinitionVersion = 1,
            Code = "TEST-" + id.ToString("N")[..10],
            Status = CaseStatus.Completed,
            Result = "completed",
            ReceivedAt = completedAt.AddDays(-10),
            CountedFrom = completedAt.AddDays(-10),
            StartedAt = completedAt.AddDays(-10),
            CompletedAt = completedAt,
            VariablesJson = "{}",
        });
        await db.SaveChangesAsync(Ct);
        return id;
    }
}
