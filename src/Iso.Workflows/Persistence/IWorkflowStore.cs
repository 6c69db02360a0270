namespace Iso.Workflows.Persistence;

/// <summary>
/// Durable state of cases. Every runtime command opens ONE unit of work (one transaction), loads what it needs,
/// stages its changes and commits; either everything staged is stored or nothing is.
/// Implemented on EF Core in <c>Iso.Data</c> and in memory in <see cref="InMemory.InMemoryWorkflowStore"/>.
/// </summary>
public interface IWorkflowStore
{
    /// <summary>Opens a unit of work for one command.</summary>
    Task<IWorkflowUnitOfWork> BeginAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically leases up to <paramref name="max"/> pending timers with <c>DueAt &lt;= now</c> whose lease is absent
    /// or expired (<c>LeaseUntil &lt;= now</c>), setting <c>LeaseOwner = owner</c> and <c>LeaseUntil = now + leaseDuration</c>.
    /// Ordered by DueAt. Two concurrent callers never receive the same timer while its lease is valid.
    /// </summary>
    Task<IReadOnlyList<WorkflowTimerRecord>> ClaimDueTimersAsync(
        string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default);

    Task<WorkflowCaseRecord?> FindCaseAsync(Guid caseId, CancellationToken cancellationToken = default);

    Task<WorkflowTaskRecord?> FindTaskAsync(Guid taskId, CancellationToken cancellationToken = default);

    /// <summary>All tasks of a case, oldest first.</summary>
    Task<IReadOnlyList<WorkflowTaskRecord>> GetTasksOfCaseAsync(Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>Open tasks a person may work on (see <see cref="InboxQuery"/>), ordered by DueAt (nulls last) then CreatedAt.</summary>
    Task<IReadOnlyList<WorkflowTaskRecord>> GetInboxAsync(InboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>The journal of a case ordered by Sequence.</summary>
    Task<IReadOnlyList<WorkflowJournalEntry>> GetJournalAsync(Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>Pending timers of a case (for display and tests), ordered by DueAt.</summary>
    Task<IReadOnlyList<WorkflowTimerRecord>> GetPendingTimersAsync(Guid caseId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WorkflowNotificationRecord>> GetNotificationsAsync(Guid caseId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WorkflowApologyRecord>> GetApologiesAsync(Guid caseId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Open tasks of one person: in <see cref="AgencyId"/>, either assigned to <see cref="UserId"/>, or unassigned with a
/// candidate role in <see cref="Roles"/> and a candidate unit that is null or in <see cref="UnitCodes"/>.
/// Roles and unit codes are compared exactly (ordinal, case-sensitive) by every store.
/// </summary>
public sealed record InboxQuery(Guid AgencyId, Guid UserId, IReadOnlyCollection<string> Roles, IReadOnlyCollection<string> UnitCodes, int Max = 200);

/// <summary>
/// One command's transaction. Loaded records are the command's own copies (changes are invisible to others until
/// <see cref="CommitAsync"/>). The engine changes loaded records in place and tells the unit of work with the
/// Update methods (an EF implementation whose entities are tracked may ignore them). Disposing without commit rolls back.
/// </summary>
public interface IWorkflowUnitOfWork : IAsyncDisposable
{
    /// <summary>Loads a case with all its tasks and its pending timers; null when the case does not exist.</summary>
    Task<CaseSnapshot?> LoadCaseAsync(Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>Loads the case a task belongs to, as <see cref="LoadCaseAsync"/> does (the task is among its tasks); null
    /// when the task does not exist. One read: a store may find the case and load it in one round trip.</summary>
    Task<CaseSnapshot?> LoadCaseOfTaskAsync(Guid taskId, CancellationToken cancellationToken = default);

    /// <summary>The case a timer belongs to, and the timer itself as stored now; null when it does not exist.</summary>
    Task<WorkflowTimerRecord?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken = default);

    void AddCase(WorkflowCaseRecord workflowCase);

    /// <summary>Marks a loaded case changed. The engine has already incremented <see cref="WorkflowCaseRecord.Version"/>;
    /// commit must fail with <see cref="WorkflowConcurrencyException"/> when the stored version is not the loaded one.</summary>
    void UpdateCase(WorkflowCaseRecord workflowCase);

    void AddTask(WorkflowTaskRecord task);

    void UpdateTask(WorkflowTaskRecord task);

    void AddTimer(WorkflowTimerRecord timer);

    void UpdateTimer(WorkflowTimerRecord timer);

    void AddJournalEntry(WorkflowJournalEntry entry);

    void AddNotification(WorkflowNotificationRecord notification);

    void AddApology(WorkflowApologyRecord apology);

    /// <summary>Marks an apology changed (a draft edited or issued).</summary>
    void UpdateApology(WorkflowApologyRecord apology);

    /// <summary>Stages an effect on the host's data, stored (and applied by the host's database) with the step.</summary>
    void AddEffect(WorkflowEffectRecord effect);

    /// <summary>Stores everything staged atomically, or throws <see cref="WorkflowConcurrencyException"/> (nothing stored)
    /// when a case changed since it was loaded or a new case id already exists.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);
}

/// <summary>A case as loaded for a command: the case row, all its tasks and its pending timers.</summary>
public sealed record CaseSnapshot(WorkflowCaseRecord Case, IReadOnlyList<WorkflowTaskRecord> Tasks, IReadOnlyList<WorkflowTimerRecord> PendingTimers);

/// <summary>Thrown by a store when a commit lost an optimistic-concurrency race; the runtime retries the command.</summary>
public sealed class WorkflowConcurrencyException : Exception
{
    public WorkflowConcurrencyException()
        : base("The case was changed by someone else meanwhile.")
    {
    }

    public WorkflowConcurrencyException(string message)
        : base(message)
    {
    }

    public WorkflowConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
