using Iso.Workflows.Calendar;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Iso.Workflows.Tests.Runtime;

public sealed class WorkflowRuntimeTests : IDisposable
{
    private const string Document = "Runtime/Workflows/document-approval.json";
    private const string ConsultationAll = "Runtime/Workflows/consultation-all.json";
    private const string ConsultationAny = "Runtime/Workflows/consultation-any.json";
    private readonly EngineHarness _h = new();

    private static Dictionary<string, string?> Pages(int n) => new() { ["pages"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public async Task StartCase_CreatesFirstTaskAssignedToInitiatorWithDueDateAndCaseTimeLimit()
    {
        await _h.ImportAsync(Document);

        var started = await _h.StartAsync("test-document");

        var task = Assert.Single(started.OpenTasks);
        Assert.Equal("draft", task.NodeId);
        Assert.Equal(_h.Staff.UserId, task.AssigneeId);
        Assert.Equal(EngineHarness.Epoch.AddHours(8), task.DueAt);
        var workflowCase = await _h.CaseAsync(started.CaseId);
        Assert.Equal(EngineHarness.Epoch.AddHours(40), workflowCase.DueAt);
        Assert.Equal(1, workflowCase.Version);
        Assert.Equal(CaseStatus.Running, workflowCase.Status);
    }

    [Fact]
    public async Task CompleteTask_SmallDocument_DecisionSkipsReviewAndCaseEndsCompleted()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");

        var afterDraft = await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages(3));
        var approve = Assert.Single(afterDraft.OpenTasks);
        Assert.Equal("approve", approve.NodeId);
        var done = await _h.CompleteAsync(approve, _h.Leader, "approve");

        Assert.Equal(CaseStatus.Completed, done.Status);
        Assert.Equal("completed", done.Result);
        Assert.Empty(done.OpenTasks);
        Assert.Empty(await _h.Store.GetPendingTimersAsync(started.CaseId, TestContext.Current.CancellationToken));
        var notification = Assert.Single(await _h.Store.GetNotificationsAsync(started.CaseId, TestContext.Current.CancellationToken), n => n.Kind == NotificationKinds.Message);
        Assert.Equal(_h.Staff.UserId, notification.RecipientUserId);
        Assert.Equal("Tài liệu đã được ban hành.", notification.Message);
    }

    [Fact]
    public async Task CompleteTask_LargeDocument_GoesToReviewAndReturnLoopsBackToDraft()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");

        var review = Assert.Single((await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages(40))).OpenTasks);
        Assert.Equal("review", review.NodeId);
        var redraft = Assert.Single((await _h.CompleteAsync(review, _h.Quality, "return", "Thiếu mục 3")).OpenTasks);

        Assert.Equal("draft", redraft.NodeId);
        Assert.NotEqual(started.OpenTasks[0].Id, redraft.Id);
        Assert.Equal(_h.Staff.UserId, redraft.AssigneeId);
        var journal = await _h.JournalAsync(started.CaseId);
        Assert.Contains(journal, e => e.Kind == JournalKinds.TaskCompleted && e.Outcome == "return" && e.Comment == "Thiếu mục 3");
    }

    [Fact]
    public async Task CompleteTask_OutcomeSet_ChangesVariablesAndRejectedEndIsRecorded()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");
        var approve = Assert.Single((await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages(1))).OpenTasks);

        var result = await _h.CompleteAsync(approve, _h.Leader, "reject");

        Assert.Equal("rejected", result.Result);
        Assert.Contains("\"major\":true", (await _h.CaseAsync(started.CaseId)).VariablesJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteTask_RequireCommentWithoutComment_IsRejectedAndNothingChanges()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");
        var review = Assert.Single((await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages(40))).OpenTasks);
        var before = await _h.CaseAsync(started.CaseId);

        await Assert.ThrowsAsync<CommentRequiredException>(() => _h.CompleteAsync(review, _h.Quality, "return"));

        Assert.Equal(before.Version, (await _h.CaseAsync(started.CaseId)).Version);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("\u0000\u0007\u001b")]
    [InlineData("\t\r\n\u200b\u00a0")]
    public async Task CompleteTask_RequireCommentWithOnlyBlanksOrControlCharacters_IsRejected(string comment)
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");
        var review = Assert.Single((await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages(40))).OpenTasks);
        var before = await _h.CaseAsync(started.CaseId);

        var ex = await Assert.ThrowsAsync<CommentRequiredException>(() => _h.CompleteAsync(review, _h.Quality, "return", comment: comment));

        Assert.Contains("a comment is required", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before.Version, (await _h.CaseAsync(started.CaseId)).Version);
    }

    [Theory]
    [InlineData(null, "bắt buộc")]
    [InlineData("mười", "phải là số")]
    public async Task CompleteTask_InvalidForm_IsRejectedWithFieldErrors(string? pages, string expected)
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");

        var ex = await Assert.ThrowsAsync<WorkflowValidationException>(() =>
            _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: new Dictionary<string, string?> { ["pages"] = pages }));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteTask_UnknownOutcome_IsRejected()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "approve", form: Pages(1)));

        Assert.Contains("submit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteTask_ByNonCandidate_IsForbidden()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");
        var approve = Assert.Single((await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages(1))).OpenTasks);

        await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _h.CompleteAsync(approve, _h.Staff, "approve"));
    }

    [Fact]
    public async Task CompleteTask_WhenAlreadyCompleted_IsRejected()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");
        await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages(1));

        var ex = await Assert.ThrowsAsync<TaskAlreadyCompletedException>(() => _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages(1)));

        Assert.Contains("already completed", ex.Message, StringComparison.Ordinal);
        Assert.Contains(started.OpenTasks[0].Id.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains(_h.Staff.UserId.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForkJoinAll_WaitsForBothBranchesThenTimerThenDecision()
    {
        await _h.ImportAsync(ConsultationAll);
        var started = await _h.StartAsync("test-consultation");
        var forked = await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "forward");
        Assert.Equal(["ask-a", "ask-b"], forked.OpenTasks.Select(t => t.NodeId).Order());

        var afterA = await _h.CompleteAsync(forked.OpenTasks.Single(t => t.NodeId == "ask-a"), _h.StaffA, "agree");
        Assert.Equal("ask-b", Assert.Single(afterA.OpenTasks).NodeId);
        var afterB = await _h.CompleteAsync(afterA.OpenTasks[0], _h.StaffB, "agree");
        Assert.Empty(afterB.OpenTasks);

        _h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _h.FireTimersAsync());
        _h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await _h.FireTimersAsync());
        var tasks = await _h.Store.GetTasksOfCaseAsync(started.CaseId, TestContext.Current.CancellationToken);
        var decide = Assert.Single(tasks, t => t.Status == WorkflowTaskStatus.Open);
        Assert.Equal("decide", decide.NodeId);
        Assert.Equal(CaseStatus.Completed, (await _h.CompleteAsync(decide, _h.Leader, "approve")).Status);
    }

    [Fact]
    public async Task ForkJoinAny_FirstBranchPassesAndOtherBranchTaskIsCancelled()
    {
        await _h.ImportAsync(ConsultationAny);
        var started = await _h.StartAsync("test-consultation-any");
        var forked = await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "forward");
        var askB = forked.OpenTasks.Single(t => t.NodeId == "ask-b");

        var afterA = await _h.CompleteAsync(forked.OpenTasks.Single(t => t.NodeId == "ask-a"), _h.StaffA, "agree");

        Assert.Empty(afterA.OpenTasks);
        var stored = await _h.Store.FindTaskAsync(askB.Id, TestContext.Current.CancellationToken);
        Assert.Equal(WorkflowTaskStatus.Cancelled, stored!.Status);
        var pending = await _h.Store.GetPendingTimersAsync(started.CaseId, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(pending, t => t.TaskId == askB.Id);
        Assert.Contains(pending, t => t.Kind == TimerKind.NodeTimer && t.NodeId == "wait");
        await Assert.ThrowsAsync<TaskAlreadyCompletedException>(() => _h.CompleteAsync(askB, _h.StaffB, "agree"));
    }

    [Fact]
    public async Task StartCase_WithIntakeAfterCutOff_CountsFromNextDay()
    {
        await _h.ImportAsync(ConsultationAll);
        var received = new DateTimeOffset(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

        var started = await _h.StartAsync("test-consultation", receivedAt: received);

        var workflowCase = await _h.CaseAsync(started.CaseId);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero), workflowCase.CountedFrom);
        Assert.Equal(workflowCase.CountedFrom.AddHours(40), workflowCase.DueAt);
        Assert.Equal(workflowCase.CountedFrom.AddHours(4), started.OpenTasks[0].DueAt);
    }

    [Fact]
    public async Task StartCase_AgencyKindNotInAppliesTo_IsRejected()
    {
        await _h.ImportAsync(Document);
        var commune = Guid.NewGuid();
        _h.Directory.AddAgency(commune, "XA", "UBND xã", "commune");

        await Assert.ThrowsAsync<WorkflowException>(() =>
            _h.Runtime.StartCaseAsync(new StartCaseCommand(commune, "test-document"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task StartCase_UnknownVariable_IsRejected()
    {
        await _h.ImportAsync(Document);

        await Assert.ThrowsAsync<WorkflowException>(() => _h.StartAsync("test-document", new Dictionary<string, object?> { ["nope"] = 1 }));
    }

    [Fact]
    public async Task ClaimTask_ThenOthersCannotClaimAndReassignMovesIt()
    {
        await _h.ImportAsync(ConsultationAll);
        var started = await _h.StartAsync("test-consultation");
        var task = started.OpenTasks[0];
        var other = _h.Staff with { UserId = Guid.NewGuid() };

        var claimed = await _h.Runtime.ClaimTaskAsync(new ClaimTaskCommand(task.Id, _h.Staff), TestContext.Current.CancellationToken);
        Assert.Equal(_h.Staff.UserId, claimed.OpenTasks[0].AssigneeId);
        await Assert.ThrowsAsync<WorkflowException>(() => _h.Runtime.ClaimTaskAsync(new ClaimTaskCommand(task.Id, other), TestContext.Current.CancellationToken));

        var moved = await _h.Runtime.ReassignTaskAsync(new ReassignTaskCommand(task.Id, _h.Leader, other.UserId, "Nghỉ phép"), TestContext.Current.CancellationToken);
        Assert.Equal(other.UserId, moved.OpenTasks[0].AssigneeId);
        await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _h.CompleteAsync(task, _h.Staff, "forward"));
    }

    [Fact]
    public async Task Inbox_ListsCandidateAndAssignedTasksOnly()
    {
        await _h.ImportAsync(ConsultationAll);
        var started = await _h.StartAsync("test-consultation");
        var forked = await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "forward");

        var inboxA = await _h.Store.GetInboxAsync(new InboxQuery(_h.AgencyId, _h.StaffA.UserId, ["Staff"], ["A"]), TestContext.Current.CancellationToken);
        var inboxLeader = await _h.Store.GetInboxAsync(new InboxQuery(_h.AgencyId, _h.Leader.UserId, ["Leader"], []), TestContext.Current.CancellationToken);

        Assert.Equal("ask-a", Assert.Single(inboxA).NodeId);
        Assert.Empty(inboxLeader);
        Assert.Equal(2, forked.OpenTasks.Count);
    }

    [Fact]
    public async Task CancelCase_CancelsOpenTasksAndTimers()
    {
        await _h.ImportAsync(ConsultationAll);
        var started = await _h.StartAsync("test-consultation");

        var cancelled = await _h.Runtime.CancelCaseAsync(new CancelCaseCommand(started.CaseId, _h.Leader, "Công dân rút hồ sơ"), TestContext.Current.CancellationToken);

        Assert.Equal(CaseStatus.Cancelled, cancelled.Status);
        Assert.Empty(cancelled.OpenTasks);
        Assert.Empty(await _h.Store.GetPendingTimersAsync(started.CaseId, TestContext.Current.CancellationToken));
        Assert.Equal(WorkflowTaskStatus.Cancelled, (await _h.Store.FindTaskAsync(started.OpenTasks[0].Id, TestContext.Current.CancellationToken))!.Status);
    }

    [Fact]
    public async Task GetDueState_MovesFromOnTimeToDueSoonToOverdue()
    {
        await _h.ImportAsync(Document);
        var task = (await _h.StartAsync("test-document")).OpenTasks[0];

        Assert.Equal(DueState.OnTime, _h.Runtime.GetDueState(task));
        _h.Time.Advance(TimeSpan.FromHours(6.5));
        Assert.Equal(DueState.DueSoon, _h.Runtime.GetDueState(task));
        _h.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(DueState.Overdue, _h.Runtime.GetDueState(task));
    }

    [Fact]
    public async Task GetDueState_FollowsTheWorkingCalendarsConfiguredRule_ForTasksAndCases()
    {
        // 15:00 Monday in Vietnam; the draft step has 8 working hours (due Tuesday 15:00), the case 5 working days.
        var calendar = new WorkingCalendar(Options.Create(new WorkingCalendarOptions { DueSoonFraction = 0.75m }), new PublishedHolidaysDataSource());
        using var h = new EngineHarness(calendar: calendar);
        await h.ImportAsync(Document);
        var started = await h.StartAsync("test-document");
        var task = started.OpenTasks[0];
        Assert.Equal(DueState.OnTime, h.Runtime.GetDueState(task));

        h.Time.Advance(TimeSpan.FromHours(2.5)); // 17:30 Monday: 6 of 8 working hours left
        var now = h.Time.GetUtcNow();
        var workflowCase = await h.CaseAsync(started.CaseId);

        Assert.Equal(DueState.DueSoon, h.Runtime.GetDueState(task));
        Assert.Equal(DueState.OnTime, new WorkingCalendar(Options.Create(new WorkingCalendarOptions()), new PublishedHolidaysDataSource())
            .GetDueState(now, task.DueAt!.Value, WorkingDuration.FromHours(8)));
        Assert.Equal(calendar.GetDueState(now, workflowCase.CountedFrom, workflowCase.DueAt!.Value), h.Runtime.GetDueState(workflowCase));
    }

    [Fact]
    public async Task Journal_OfACompletedCase_Verifies()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");
        var approve = (await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages(1))).OpenTasks[0];
        await _h.CompleteAsync(approve, _h.Leader, "approve");

        var result = await JournalVerifier.VerifyAsync(_h.Store, started.CaseId, _h.CheckpointKey, TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Problem);
        var kinds = (await _h.JournalAsync(started.CaseId)).Select(e => e.Kind).ToList();
        Assert.Equal(JournalKinds.CaseStarted, kinds[0]);
        Assert.Equal(JournalKinds.CaseCompleted, kinds[^1]);
    }

    public void Dispose() => _h.Dispose();
}
