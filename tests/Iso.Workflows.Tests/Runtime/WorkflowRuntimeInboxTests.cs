using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Iso.Workflows.Tests.Runtime;

/// <summary>What the inbox and the bell rely on: unclaim, notifications of new and returned work, and the change listener.</summary>
public sealed class WorkflowRuntimeInboxTests : IDisposable
{
    private const string Document = "Runtime/Workflows/document-approval.json";
    private readonly EngineHarness _h = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReleaseTask_ByItsAssignee_OpensItToTheCandidatesAgain()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");
        var approve = (await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages("2"))).OpenTasks[0];
        await _h.Runtime.ClaimTaskAsync(new ClaimTaskCommand(approve.Id, _h.Leader), Ct);

        await _h.Runtime.ReleaseTaskAsync(new ReleaseTaskCommand(approve.Id, _h.Leader), Ct);

        var task = await _h.Store.FindTaskAsync(approve.Id, Ct);
        Assert.Null(task!.AssigneeId);
        Assert.Null(task.ClaimedAt);
        Assert.Contains(await _h.JournalAsync(started.CaseId), e => e.Kind == JournalKinds.TaskReleased && e.ActorId == _h.Leader.UserId);
    }

    [Fact]
    public async Task ReleaseTask_BySomeoneWhoDidNotClaimIt_IsForbidden()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");

        await Assert.ThrowsAsync<WorkflowForbiddenException>(() => _h.Runtime.ReleaseTaskAsync(new ReleaseTaskCommand(started.OpenTasks[0].Id, _h.StaffA), Ct));
    }

    [Fact]
    public async Task NewTask_IsAnnouncedToItsAssigneeOrCandidates_AndAReturnSaysSoWithTheComment()
    {
        await _h.ImportAsync(Document);
        var started = await _h.StartAsync("test-document");
        var review = (await _h.CompleteAsync(started.OpenTasks[0], _h.Staff, "submit", form: Pages("30"))).OpenTasks[0];

        await _h.CompleteAsync(review, _h.Quality, "return", "Thiếu phụ lục 2");

        var notifications = await _h.Store.GetNotificationsAsync(started.CaseId, Ct);
        var draft = Assert.Single(notifications, n => n.TaskId == started.OpenTasks[0].Id);
        Assert.Equal(NotificationKinds.NewTask, draft.Kind);
        Assert.Equal(_h.Staff.UserId, draft.RecipientUserId);
        var toReview = Assert.Single(notifications, n => n.TaskId == review.Id);
        Assert.Equal(("QualityOfficer", (Guid?)null), (toReview.RecipientRole, toReview.RecipientUserId));
        var returned = Assert.Single(notifications, n => n.Kind == NotificationKinds.Returned);
        Assert.Contains("Thiếu phụ lục 2", returned.Message, StringComparison.Ordinal);
        Assert.Equal(_h.Staff.UserId, returned.RecipientUserId);
    }

    [Fact]
    public async Task ChangeListener_HearsCommittedTasksAndNotifications_AndNothingOfARefusedCommand()
    {
        var heard = new List<WorkflowCommit>();
        var runtime = new WorkflowRuntime(_h.Store, _h.Definitions, _h.Directory, _h.Calendar, _h.Evaluator, _h.Catalog,
            [new Iso.Workflows.Actions.NotifyActionHandler()], Options.Create(new WorkflowOptions()), _h.Time, _h.CheckpointKey,
            changes: new Listener(heard));
        await _h.ImportAsync(Document);
        var started = await runtime.StartCaseAsync(new StartCaseCommand(_h.AgencyId, "test-document", InitiatorId: _h.Staff.UserId), Ct);
        heard.Clear();

        await runtime.CompleteTaskAsync(new CompleteTaskCommand(started.OpenTasks[0].Id, _h.Staff, "submit", Form: Pages("2")), Ct);
        await Assert.ThrowsAsync<TaskAlreadyCompletedException>(() =>
            runtime.CompleteTaskAsync(new CompleteTaskCommand(started.OpenTasks[0].Id, _h.Staff, "submit", Form: Pages("2")), Ct));

        var commit = Assert.Single(heard);
        Assert.Equal(started.CaseId, commit.CaseId);
        Assert.Contains(commit.Tasks, t => t.Id == started.OpenTasks[0].Id && t.Status == WorkflowTaskStatus.Completed && t.CompletedById == _h.Staff.UserId);
        Assert.Contains(commit.Tasks, t => t.NodeId == "approve" && t.Status == WorkflowTaskStatus.Open);
        Assert.Contains(commit.Notifications, n => n.Kind == NotificationKinds.NewTask);
    }

    private static Dictionary<string, string?> Pages(string pages) => new() { ["pages"] = pages };

    public void Dispose() => _h.Dispose();

    private sealed class Listener(List<WorkflowCommit> heard) : IWorkflowChangeListener
    {
        public void Committed(WorkflowCommit commit) => heard.Add(commit);
    }
}
