using Iso.Workflows.Persistence;

namespace Iso.Workflows.Tests.TestSupport;

/// <summary>Wraps a store so tests can hold commits at a barrier (to force races) or make a commit fail.</summary>
public sealed class InterceptingStore(IWorkflowStore inner) : IWorkflowStore
{
    /// <summary>Called before each commit with the commit's ordinal (1, 2, …); may block or throw.</summary>
    public Func<int, Task>? BeforeCommit { get; set; }

    private int _commits;

    internal Task OnCommitAsync()
    {
        var ordinal = Interlocked.Increment(ref _commits);
        return BeforeCommit?.Invoke(ordinal) ?? Task.CompletedTask;
    }

    public async Task<IWorkflowUnitOfWork> BeginAsync(CancellationToken cancellationToken = default) =>
        new Uow(this, await inner.BeginAsync(cancellationToken));

    public Task<IReadOnlyList<WorkflowTimerRecord>> ClaimDueTimersAsync(string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default) =>
        inner.ClaimDueTimersAsync(owner, now, leaseDuration, max, cancellationToken);

    public Task<WorkflowCaseRecord?> FindCaseAsync(Guid caseId, CancellationToken cancellationToken = default) => inner.FindCaseAsync(caseId, cancellationToken);

    public Task<WorkflowTaskRecord?> FindTaskAsync(Guid taskId, CancellationToken cancellationToken = default) => inner.FindTaskAsync(taskId, cancellationToken);

    public Task<IReadOnlyList<WorkflowTaskRecord>> GetTasksOfCaseAsync(Guid caseId, CancellationToken cancellationToken = default) => inner.GetTasksOfCaseAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<WorkflowTaskRecord>> GetInboxAsync(InboxQuery query, CancellationToken cancellationToken = default) => inner.GetInboxAsync(query, cancellationToken);

    public Task<IReadOnlyList<WorkflowJournalEntry>> GetJournalAsync(Guid caseId, CancellationToken cancellationToken = default) => inner.GetJournalAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<WorkflowTimerRecord>> GetPendingTimersAsync(Guid caseId, CancellationToken cancellationToken = default) => inner.GetPendingTimersAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<WorkflowNotificationRecord>> GetNotificationsAsync(Guid caseId, CancellationToken cancellationToken = default) => inner.GetNotificationsAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<WorkflowApologyRecord>> GetApologiesAsync(Guid caseId, CancellationToken cancellationToken = default) => inner.GetApologiesAsync(caseId, cancellationToken);

    private sealed class Uow(InterceptingStore owner, IWorkflowUnitOfWork inner) : IWorkflowUnitOfWork
    {
        public Task<CaseSnapshot?> LoadCaseAsync(Guid caseId, CancellationToken cancellationToken = default) => inner.LoadCaseAsync(caseId, cancellationToken);

        public Task<CaseSnapshot?> LoadCaseOfTaskAsync(Guid taskId, CancellationToken cancellationToken = default) => inner.LoadCaseOfTaskAsync(taskId, cancellationToken);

        public Task<WorkflowTimerRecord?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken = default) => inner.FindTimerAsync(timerId, cancellationToken);

        public void AddCase(WorkflowCaseRecord workflowCase) => inner.AddCase(workflowCase);

        public void UpdateCase(WorkflowCaseRecord workflowCase) => inner.UpdateCase(workflowCase);

        public void AddTask(WorkflowTaskRecord task) => inner.AddTask(task);

        public void UpdateTask(WorkflowTaskRecord task) => inner.UpdateTask(task);

        public void AddTimer(WorkflowTimerRecord timer) => inner.AddTimer(timer);

        public void UpdateTimer(WorkflowTimerRecord timer) => inner.UpdateTimer(timer);

        public void AddJournalEntry(WorkflowJournalEntry entry) => inner.AddJournalEntry(entry);

        public void AddNotification(WorkflowNotificationRecord notification) => inner.AddNotification(notification);

        public void AddApology(WorkflowApologyRecord apology) => inner.AddApology(apology);

        public void UpdateApology(WorkflowApologyRecord apology) => inner.UpdateApology(apology);

        public void AddEffect(WorkflowEffectRecord effect) => inner.AddEffect(effect);

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await owner.OnCommitAsync();
            await inner.CommitAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
