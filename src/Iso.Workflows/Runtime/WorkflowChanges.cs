using Iso.Workflows.Persistence;

namespace Iso.Workflows.Runtime;

/// <summary>What one committed command changed that open screens care about: the tasks it created or changed (as
/// stored at commit) and the notifications it wrote. Copies: a listener may keep them.</summary>
public sealed record WorkflowCommit(
    string Command,
    Guid CaseId,
    IReadOnlyList<WorkflowTaskRecord> Tasks,
    IReadOnlyList<WorkflowNotificationRecord> Notifications);

/// <summary>
/// Told after each command's transaction has committed (never for one rolled back), so that open pages can follow the
/// work without polling. In-process: it hears this app node's commands only (ADR 0016 for several nodes).
/// </summary>
public interface IWorkflowChangeListener
{
    /// <summary>Runs on the committing thread: return quickly and never throw.</summary>
    void Committed(WorkflowCommit commit);
}

/// <summary>Forwards to the store's unit of work and remembers the tasks and notifications a command stages.</summary>
internal sealed class ObservedUnitOfWork(IWorkflowUnitOfWork inner) : IWorkflowUnitOfWork
{
    private readonly Dictionary<Guid, WorkflowTaskRecord> _tasks = [];
    private readonly List<WorkflowNotificationRecord> _notifications = [];

    public WorkflowCommit? ToCommit(string command, Guid? caseId)
    {
        if (_tasks.Count == 0 && _notifications.Count == 0)
        {
            return null;
        }

        var id = caseId ?? _tasks.Values.Select(t => t.CaseId).Concat(_notifications.Select(n => n.CaseId)).First();
        return new WorkflowCommit(command, id, [.. _tasks.Values.Select(t => t.Clone())], [.. _notifications.Select(n => n.Clone())]);
    }

    public Task<CaseSnapshot?> LoadCaseAsync(Guid caseId, CancellationToken cancellationToken = default) => inner.LoadCaseAsync(caseId, cancellationToken);

    public Task<CaseSnapshot?> LoadCaseOfTaskAsync(Guid taskId, CancellationToken cancellationToken = default) => inner.LoadCaseOfTaskAsync(taskId, cancellationToken);

    public Task<WorkflowTimerRecord?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken = default) => inner.FindTimerAsync(timerId, cancellationToken);

    public void AddCase(WorkflowCaseRecord workflowCase) => inner.AddCase(workflowCase);

    public void UpdateCase(WorkflowCaseRecord workflowCase) => inner.UpdateCase(workflowCase);

    public void AddTask(WorkflowTaskRecord task)
    {
        _tasks[task.Id] = task;
        inner.AddTask(task);
    }

    public void UpdateTask(WorkflowTaskRecord task)
    {
        _tasks[task.Id] = task;
        inner.UpdateTask(task);
    }

    public void AddTimer(WorkflowTimerRecord timer) => inner.AddTimer(timer);

    public void AddEffect(WorkflowEffectRecord effect) => inner.AddEffect(effect);

    public void UpdateTimer(WorkflowTimerRecord timer) => inner.UpdateTimer(timer);

    public void AddJournalEntry(WorkflowJournalEntry entry) => inner.AddJournalEntry(entry);

    public void AddNotification(WorkflowNotificationRecord notification)
    {
        _notifications.Add(notification);
        inner.AddNotification(notification);
    }

    public void AddApology(WorkflowApologyRecord apology) => inner.AddApology(apology);

    public void UpdateApology(WorkflowApologyRecord apology) => inner.UpdateApology(apology);

    public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
