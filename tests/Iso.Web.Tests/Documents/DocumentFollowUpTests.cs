using Iso.Data;
using Iso.Data.Documents;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Web.Application;
using Iso.Web.Documents;
using Iso.Web.Documents.FollowUp;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Iso.Web.Tests.Documents;

/// <summary>What follows publication (issue 11): read-and-understood rounds created with the approval, signatures with
/// the password, overdue flags; periodic reviews opened by the background check; legal-change flags with their deadline.
/// Dates lie in 2030 and later so that the app's own background check (running on the real clock) never touches them.</summary>
public sealed class DocumentFollowUpTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly EffectiveOn = new(2030, 3, 10);

    [Fact]
    public async Task Publication_OpensARound_ForTheActivePeopleOfTheDistributionUnits_DueAfterTheDocumentsPeriod()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var named = await NewUnitAsync(scope);
        var other = await NewUnitAsync(scope);
        var first = await PersonAsync(scope, "Đinh Thị Một", named);
        var second = await PersonAsync(scope, "Cao Văn Hai", named);
        await PersonAsync(scope, "Khổng Văn Nghỉ", named, active: false);
        var outsider = await PersonAsync(scope, "Tạ Văn Ngoài", other);

        var id = await PublishAsync(scope, team, DocumentPeople.NewCode(), [named]);

        var round = (await scope.Get<DocumentAcknowledgements>().RoundAsync(team.Author, id, cancellationToken: Ct)).Ok();
        Assert.Equal(["Cao Văn Hai", "Đinh Thị Một"], round.People.Select(p => p.FullName).Order(StringComparer.Ordinal));
        Assert.All(round.People, p => Assert.Equal((EffectiveOn.AddDays(14), (DateTimeOffset?)null), (p.DueOn, p.AcknowledgedAt)));
        Assert.Equal((2, 0), (round.Total, round.Acknowledged));

        var mine = (await scope.Get<DocumentAcknowledgements>().MineAsync(first, Ct)).Ok();
        Assert.Equal((id, EffectiveOn.AddDays(14)), (Assert.Single(mine).DocumentId, mine[0].DueOn));
        Assert.DoesNotContain((await scope.Get<DocumentAcknowledgements>().MineAsync(outsider, Ct)).Ok(), a => a.DocumentId == id);
        Assert.Equal(1, (await scope.Get<DocumentTasks>().CountMineAsync(second, Ct)).Acknowledgements);
    }

    [Fact]
    public async Task Acknowledging_WithAWrongPassword_IsRefused_AndWithTheirOwn_RecordsWhoWhenAndMeaning()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var unit = await NewUnitAsync(scope);
        var reader = await PersonAsync(scope, "Lưu Thị Đọc", unit);
        var id = await PublishAsync(scope, team, DocumentPeople.NewCode(), [unit]);
        var acknowledgements = scope.Get<DocumentAcknowledgements>();

        var wrong = await acknowledgements.AcknowledgeAsync(reader, id, new AcknowledgeRequest("not-my-password"), Ct);
        var missing = await acknowledgements.AcknowledgeAsync(reader, id, new AcknowledgeRequest(null), Ct);
        Assert.Equal(["password"], wrong.Problem!.Errors.Keys);
        Assert.Equal(["password"], missing.Problem!.Errors.Keys);
        Assert.Single((await acknowledgements.MineAsync(reader, Ct)).Ok());

        var signed = (await acknowledgements.AcknowledgeAsync(reader, id, new AcknowledgeRequest(Demo.Password), Ct)).Ok();

        Assert.Equal((DocumentAcknowledgements.MeaningReadAndUnderstood, "Lưu Thị Đọc", reader.UserId), (signed.Meaning, signed.PrintedName, signed.UserId));
        Assert.Empty((await acknowledgements.MineAsync(reader, Ct)).Ok());
        var row = Assert.Single((await acknowledgements.RoundAsync(team.Author, id, cancellationToken: Ct)).Ok().People);
        Assert.Equal(("Lưu Thị Đọc", signed.SignedAt), (row.PrintedName, row.AcknowledgedAt));
        var again = (await acknowledgements.AcknowledgeAsync(reader, id, new AcknowledgeRequest(null), Ct)).Ok();
        Assert.Equal(signed.SignedAt, again.SignedAt);

        // Someone not asked has nothing to acknowledge; the signature is in the history.
        var notAsked = await acknowledgements.AcknowledgeAsync(team.Reviewer, id, new AcknowledgeRequest(Demo.Password), Ct);
        Assert.Equal(ProblemKind.Conflict, notAsked.Problem!.Kind);
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        Assert.True(await db.History.AnyAsync(h => h.EntityType == nameof(DocumentAcknowledgement) && h.EntityId.EndsWith(reader.UserId.ToString()), Ct));
    }

    [Fact]
    public async Task Overdue_IsFlagged_OnlyAfterTheDueDay_InTheAgencysCalendar()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var unit = await NewUnitAsync(scope);
        var late = await PersonAsync(scope, "Mạc Văn Trễ", unit);
        var onTime = await PersonAsync(scope, "Âu Thị Kịp", unit);
        var id = await PublishAsync(scope, team, DocumentPeople.NewCode(), [unit]);
        (await scope.Get<DocumentAcknowledgements>().AcknowledgeAsync(onTime, id, new AcknowledgeRequest(Demo.Password), Ct)).Ok();
        var due = EffectiveOn.AddDays(14);

        // 23:30 on the due day in Hà Nội time is still in time; 00:30 the next day (17:30 UTC) is late.
        var lastMinute = AcknowledgementsAt(scope, new DateTimeOffset(due.ToDateTime(new TimeOnly(16, 30)), TimeSpan.Zero));
        var nextDay = AcknowledgementsAt(scope, new DateTimeOffset(due.ToDateTime(new TimeOnly(17, 30)), TimeSpan.Zero));

        Assert.False(Assert.Single((await lastMinute.MineAsync(late, Ct)).Ok()).Overdue);
        Assert.Equal(0, (await lastMinute.RoundAsync(team.Author, id, cancellationToken: Ct)).Ok().Overdue);
        Assert.True(Assert.Single((await nextDay.MineAsync(late, Ct)).Ok()).Overdue);
        var round = (await nextDay.RoundAsync(team.Author, id, cancellationToken: Ct)).Ok();
        Assert.Equal((2, 1, 1), (round.Total, round.Acknowledged, round.Overdue));
        Assert.Equal([("Mạc Văn Trễ", true), ("Âu Thị Kịp", false)], round.People.Select(p => (p.FullName, p.Overdue)));
    }

    [Fact]
    public async Task ARevision_StartsANewRound_AndTheSupersededOneIsNoLongerPendingOrOverdue()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var unit = await NewUnitAsync(scope);
        var reader = await PersonAsync(scope, "Thái Văn Đọc", unit);
        var id = await PublishAsync(scope, team, DocumentPeople.NewCode(), [unit]);
        var first = (await scope.Get<DocumentAcknowledgements>().MineAsync(reader, Ct)).Ok().Single().VersionId;

        var draft = (await scope.Get<ReviseDocument>().HandleAsync(team.Author, id, new ReviseDocumentRequest("Sửa mục 5"), Ct)).Ok();
        await team.PassAsync(scope, id, EffectiveOn.AddMonths(1));

        var pending = Assert.Single((await scope.Get<DocumentAcknowledgements>().MineAsync(reader, Ct)).Ok());
        Assert.Equal((draft.VersionId, EffectiveOn.AddMonths(1).AddDays(14)), (pending.VersionId, pending.DueOn));
        var later = AcknowledgementsAt(scope, new DateTimeOffset(2031, 1, 1, 3, 0, 0, TimeSpan.Zero));
        var old = (await later.RoundAsync(team.Author, id, first, Ct)).Ok();
        Assert.Equal((1, 0, 0), (old.Total, old.Acknowledged, old.Overdue));
        Assert.Equal(1, (await later.RoundAsync(team.Author, id, cancellationToken: Ct)).Ok().Overdue);
    }

    [Fact]
    public async Task PeriodicReview_RemindsThirtyDaysBefore_OpensATaskOnTheDay_AndNeverTwice()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var id = await PublishAsync(scope, team, DocumentPeople.NewCode(), []);
        var dueOn = EffectiveOn.AddMonths(12); // procedures: 12 months by default

        var early = await ReviewsAt(scope, dueOn.AddDays(-31)).HandleAsync(Ct);
        var reminded = await ReviewsAt(scope, dueOn.AddDays(-30)).HandleAsync(Ct);
        var remindedAgain = await ReviewsAt(scope, dueOn.AddDays(-1)).HandleAsync(Ct);
        var opened = await ReviewsAt(scope, dueOn).HandleAsync(Ct);
        var openedAgain = await ReviewsAt(scope, dueOn.AddDays(5)).HandleAsync(Ct);

        Assert.DoesNotContain(id, early.Reminded);
        Assert.Contains(id, reminded.Reminded);
        Assert.DoesNotContain(id, reminded.TasksOpened);
        Assert.DoesNotContain(id, remindedAgain.Reminded);
        Assert.Contains(id, opened.TasksOpened);
        Assert.DoesNotContain(id, openedAgain.TasksOpened);
        Assert.DoesNotContain(id, openedAgain.Reminded);

        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var reminder = await db.DocumentReviewReminders.SingleAsync(r => r.DocumentId == id, Ct);
        var task = await db.DocumentTasks.SingleAsync(t => t.DocumentId == id, Ct);
        Assert.Equal((dueOn, team.Author.UserId), (reminder.DueOn, reminder.UserId));
        Assert.Equal((DocumentTaskKind.PeriodicReview, dueOn, team.Author.UserId, DocumentTaskStatus.Open), (task.Kind, task.DueOn, task.AssigneeId, task.Status));
        var list = (await TasksAt(scope, dueOn.AddDays(1)).ListAsync(team.Author, new ListDocumentTasksRequest(MineOnly: true), Ct)).Ok();
        Assert.True(list.Tasks.Single(t => t.DocumentId == id).Overdue);
    }

    [Fact]
    public async Task NoChange_NeedsAComment_IsRecorded_AndTheNextReviewCountsFromThatDay()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var id = await PublishAsync(scope, team, DocumentPeople.NewCode(), []);
        var dueOn = EffectiveOn.AddMonths(12);
        await ReviewsAt(scope, dueOn).HandleAsync(Ct);
        var taskId = await TaskOfAsync(scope, id);
        var reviewedOn = dueOn.AddDays(3);
        var tasks = TasksAt(scope, reviewedOn);

        var noComment = await tasks.CloseAsync(team.Author, taskId, new CloseDocumentTaskRequest("no-change", " "), Ct);
        var badOutcome = await tasks.CloseAsync(team.Author, taskId, new CloseDocumentTaskRequest("maybe", "x"), Ct);
        var staff = await tasks.CloseAsync(await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff), taskId, new CloseDocumentTaskRequest("no-change", "x"), Ct);
        Assert.Equal(["comment"], noComment.Problem!.Errors.Keys);
        Assert.Equal(["outcome"], badOutcome.Problem!.Errors.Keys);
        Assert.Equal(ProblemKind.Forbidden, staff.Problem!.Kind);

        var closed = (await tasks.CloseAsync(team.Reviewer, taskId, new CloseDocumentTaskRequest("no-change", "Quy trình vẫn phù hợp"), Ct)).Ok();

        Assert.Equal((DocumentTaskStatus.NoChange, reviewedOn.AddMonths(12)), (closed.Status, closed.NextReviewOn));
        var view = (await tasks.ListAsync(team.Author, new ListDocumentTasksRequest(IncludeClosed: true), Ct)).Ok().Tasks.Single(t => t.Id == taskId);
        Assert.Equal(("Quy trình vẫn phù hợp", "Nguyễn Văn Xét"), (view.Comment, view.ClosedByName));
        Assert.Equal(ProblemKind.Conflict, (await tasks.CloseAsync(team.Author, taskId, new CloseDocumentTaskRequest("no-change", "x"), Ct)).Problem!.Kind);
        var followUp = (await scope.Get<DocumentFollowUp>().HandleAsync(team.Author, id, Ct)).Ok();
        Assert.Equal((reviewedOn, reviewedOn.AddMonths(12)), (followUp.LastReviewedOn, followUp.NextReviewOn));

        // A year after the old due date nothing is due any more: the next review is a year after the "no change".
        var later = await ReviewsAt(scope, dueOn.AddMonths(11)).HandleAsync(Ct);
        Assert.DoesNotContain(id, later.Reminded);
        Assert.Contains(id, (await ReviewsAt(scope, reviewedOn.AddMonths(12)).HandleAsync(Ct)).TasksOpened);
    }

    [Fact]
    public async Task AReviewEndingInARevision_BeginsTheDraft()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var id = await PublishAsync(scope, team, DocumentPeople.NewCode(), []);
        await ReviewsAt(scope, EffectiveOn.AddMonths(12)).HandleAsync(Ct);
        var taskId = await TaskOfAsync(scope, id);

        var closed = (await scope.Get<DocumentTasks>().CloseAsync(team.Author, taskId, new CloseDocumentTaskRequest("revise", "Cập nhật theo thực tế"), Ct)).Ok();

        var details = (await scope.Get<GetDocument>().HandleAsync(team.Author, id, cancellationToken: Ct)).Ok();
        Assert.Equal((DocumentTaskStatus.Revised, details.PendingVersionId), (closed.Status, closed.RevisionVersionId));
        Assert.Equal("Cập nhật theo thực tế", details.Versions.Single(v => v.Id == closed.RevisionVersionId).ChangeSummary);
    }

    [Fact]
    public async Task ALegalChange_FlagsTheDocumentsCitingIt_WithARevisionTaskDueExactlyThreeMonthsLater()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var lawCode = DocumentPeople.NewCode("ND");
        var law = await PublishExternalAsync(scope, team, lawCode);
        var newLaw = await PublishExternalAsync(scope, team, DocumentPeople.NewCode("ND"));
        var citing = await PublishAsync(scope, team, DocumentPeople.NewCode(), [], $"## 2. Căn cứ\n\n- Nghị định [[{lawCode.ToLowerInvariant()}]].");
        var other = await PublishAsync(scope, team, DocumentPeople.NewCode(), [], $"## 2. Căn cứ\n\n- Nghị định {lawCode} (không liên kết).");
        var changes = scope.Get<LegalChanges>();

        var badKind = await changes.RecordAsync(team.Author, law, new RecordLegalChangeRequest("repealed", null), Ct);
        Assert.Equal(["kind", "changedOn"], badKind.Problem!.Errors.Keys);
        var notExternal = await changes.RecordAsync(team.Author, citing, new RecordLegalChangeRequest("amended", new DateOnly(2030, 11, 30)), Ct);
        Assert.Equal(ProblemKind.Conflict, notExternal.Problem!.Kind);

        var recorded = (await changes.RecordAsync(team.Author, law, new RecordLegalChangeRequest("replaced", new DateOnly(2030, 11, 30), newLaw, "Thay thế toàn bộ"), Ct)).Ok();

        var flagged = Assert.Single(recorded.Flagged);
        Assert.Equal((citing, new DateOnly(2031, 2, 28)), (flagged.DocumentId, flagged.DueOn));
        var followUp = (await scope.Get<DocumentFollowUp>().HandleAsync(team.Author, citing, Ct)).Ok();
        var task = Assert.Single(followUp.OpenTasks);
        Assert.Equal((DocumentTaskKind.LegalChange, new DateOnly(2031, 2, 28), lawCode, LegalChangeKind.Replaced),
            (task.Kind, task.DueOn, task.LegalChange!.ExternalCode, task.LegalChange.Kind));
        Assert.Empty((await scope.Get<DocumentFollowUp>().HandleAsync(team.Author, other, Ct)).Ok().OpenTasks);
        var onTheLaw = Assert.Single((await scope.Get<DocumentFollowUp>().HandleAsync(team.Author, law, Ct)).Ok().LegalChanges);
        Assert.Equal((newLaw, "Thay thế toàn bộ"), (onTheLaw.NewDocumentId, onTheLaw.Note));
        var listed = (await scope.Get<DocumentTasks>().ListAsync(team.Author, new ListDocumentTasksRequest(), Ct)).Ok();
        Assert.Contains(listed.Tasks, t => t.Id == flagged.TaskId);
    }

    [Fact]
    public async Task AnotherAgency_FindsNothing_AndAuditorsRead_ButNeverAct()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var unit = await NewUnitAsync(scope);
        await PersonAsync(scope, "Kiều Văn Nhận", unit);
        var lawCode = DocumentPeople.NewCode("ND");
        var law = await PublishExternalAsync(scope, team, lawCode);
        var id = await PublishAsync(scope, team, DocumentPeople.NewCode(), [unit], $"Theo [[{lawCode}]].");
        var recorded = (await scope.Get<LegalChanges>().RecordAsync(team.Author, law, new RecordLegalChangeRequest("amended", new DateOnly(2030, 6, 1)), Ct)).Ok();
        var taskId = recorded.Flagged.Single().TaskId;
        var stranger = await scope.ServiceProvider.CallerAsync(Demo.HomeAffairsStaff);
        var auditor = await scope.ServiceProvider.CallerAsync(Demo.Auditor);
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);
        var acknowledgements = scope.Get<DocumentAcknowledgements>();
        var tasks = scope.Get<DocumentTasks>();

        Assert.Equal(ProblemKind.NotFound, (await acknowledgements.AcknowledgeAsync(stranger, id, new AcknowledgeRequest(Demo.Password), Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await acknowledgements.RoundAsync(stranger, id, cancellationToken: Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await scope.Get<DocumentFollowUp>().HandleAsync(stranger, id, Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await scope.Get<LegalChanges>().RecordAsync(stranger, law, new RecordLegalChangeRequest("amended", new DateOnly(2030, 7, 1)), Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await tasks.CloseAsync(stranger, taskId, new CloseDocumentTaskRequest("no-change", "x"), Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await tasks.ListAsync(stranger, new ListDocumentTasksRequest(team.Author.AgencyId), Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await acknowledgements.RoundAsync(staff, id, cancellationToken: Ct)).Problem!.Kind);

        Assert.Equal(1, (await acknowledgements.RoundAsync(auditor, id, cancellationToken: Ct)).Ok().Total);
        Assert.Contains((await tasks.ListAsync(auditor, new ListDocumentTasksRequest(team.Author.AgencyId), Ct)).Ok().Tasks, t => t.Id == taskId);
        Assert.Equal(ProblemKind.Forbidden, (await acknowledgements.AcknowledgeAsync(auditor, id, new AcknowledgeRequest(Demo.Password), Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await tasks.CloseAsync(auditor, taskId, new CloseDocumentTaskRequest("no-change", "x"), Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await scope.Get<LegalChanges>().RecordAsync(auditor, law, new RecordLegalChangeRequest("amended", new DateOnly(2030, 7, 1)), Ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await scope.Get<DocumentFollowUp>().SetPeriodsAsync(auditor, id, new SetDocumentPeriodsRequest(7, 6), Ct)).Problem!.Kind);
    }

    [Fact]
    public async Task ThePeriods_AreSetPerDocument_AndTheNextRoundUsesThem()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var unit = await NewUnitAsync(scope);
        var reader = await PersonAsync(scope, "Quách Thị Nhanh", unit);
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(
            DocumentKind.WorkInstruction, DocumentPeople.NewCode("HD"), "Hướng dẫn", "Nội dung.", Distribution: [unit]), Ct)).Ok();
        var followUp = scope.Get<DocumentFollowUp>();

        var invalid = await followUp.SetPeriodsAsync(team.Author, created.Id, new SetDocumentPeriodsRequest(0, 500), Ct);
        Assert.Equal(["acknowledgeWithinDays", "reviewPeriodMonths"], invalid.Problem!.Errors.Keys);
        var set = (await followUp.SetPeriodsAsync(team.Author, created.Id, new SetDocumentPeriodsRequest(5, 6), Ct)).Ok();
        Assert.Equal((5, 6, true), (set.AcknowledgeWithinDays, set.ReviewPeriodMonths, set.ReviewPeriodIsOwn));
        await team.PassAsync(scope, created.Id, EffectiveOn);

        Assert.Equal(EffectiveOn.AddDays(5), Assert.Single((await scope.Get<DocumentAcknowledgements>().MineAsync(reader, Ct)).Ok()).DueOn);
        Assert.Equal(EffectiveOn.AddMonths(6), (await followUp.HandleAsync(team.Author, created.Id, Ct)).Ok().NextReviewOn);
    }

    private static DocumentAcknowledgements AcknowledgementsAt(AsyncServiceScope scope, DateTimeOffset now) =>
        ActivatorUtilities.CreateInstance<DocumentAcknowledgements>(scope.ServiceProvider, (TimeProvider)new FakeTimeProvider(now));

    /// <summary>The check as it runs at 09:00 Hà Nội time on <paramref name="day"/>.</summary>
    private static RunDocumentReviews ReviewsAt(AsyncServiceScope scope, DateOnly day) =>
        ActivatorUtilities.CreateInstance<RunDocumentReviews>(scope.ServiceProvider, (TimeProvider)new FakeTimeProvider(At(day)));

    private static DocumentTasks TasksAt(AsyncServiceScope scope, DateOnly day) =>
        ActivatorUtilities.CreateInstance<DocumentTasks>(scope.ServiceProvider, (TimeProvider)new FakeTimeProvider(At(day)));

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero);

    private static async Task<Guid> TaskOfAsync(AsyncServiceScope scope, Guid documentId)
    {
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        return await db.DocumentTasks.Where(t => t.DocumentId == documentId && t.Status == DocumentTaskStatus.Open).Select(t => t.Id).SingleAsync(Ct);
    }

    private static async Task<Guid> PublishAsync(AsyncServiceScope scope, DocumentTeam team, string code, List<Guid> distribution, string markdown = "## 1. Mục đích\n\nNội dung.")
    {
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(
            DocumentKind.Procedure, code, "Quy trình " + code, markdown, Distribution: distribution), Ct)).Ok();
        await team.PassAsync(scope, created.Id, EffectiveOn);
        return created.Id;
    }

    private static async Task<Guid> PublishExternalAsync(AsyncServiceScope scope, DocumentTeam team, string code)
    {
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(
            DocumentKind.External, code, "Nghị định " + code, "Văn bản pháp luật.", ExternalNumber: "15/2030/NĐ-CP", ExternalIssuer: "Chính phủ",
            ExternalEffectiveOn: new DateOnly(2030, 1, 1)), Ct)).Ok();
        await team.PassAsync(scope, created.Id, EffectiveOn);
        return created.Id;
    }

    private static Task<Guid> NewUnitAsync(AsyncServiceScope scope) => DocumentPeople.NewUnitAsync(scope);

    private static Task<Caller> PersonAsync(AsyncServiceScope scope, string fullName, Guid unitId, bool active = true) =>
        DocumentPeople.PersonInUnitAsync(scope, fullName, unitId, active);
}
