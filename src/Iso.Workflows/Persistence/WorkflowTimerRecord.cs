namespace Iso.Workflows.Persistence;

public enum TimerKind
{
    /// <summary>A <c>timer</c> node waiting its working-time duration.</summary>
    NodeTimer = 0,

    /// <summary>Escalation at the due moment of a human step.</summary>
    TaskOverdue = 1,

    /// <summary>Escalation at the time limit of the whole case.</summary>
    CaseOverdue = 2,
}

public enum TimerStatus
{
    Pending = 0,
    Fired = 1,
    Cancelled = 2,
}

/// <summary>
/// Something to do at <see cref="DueAt"/>. Firing nodes claim due timers by lease
/// (<see cref="LeaseOwner"/> until <see cref="LeaseUntil"/>) so that several app nodes can poll safely.
/// </summary>
public sealed class WorkflowTimerRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public TimerKind Kind { get; set; }

    public required string NodeId { get; set; }

    public Guid? TaskId { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public TimerStatus Status { get; set; }

    public required string Scope { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? FiredAt { get; set; }

    /// <summary>How many times firing this timer has failed (its automatic work threw); reset when an administrator retries.</summary>
    public int Attempts { get; set; }

    /// <summary>Not fired before this moment: the back-off after a failed attempt (null: as soon as due).</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>Why the last attempt failed, or null.</summary>
    public string? LastError { get; set; }

    /// <summary>When the timer gave up after its last retry: it stays pending but is not claimed again until an
    /// administrator retries the case (see <see cref="WorkflowCaseRecord.FaultedAt"/>).</summary>
    public DateTimeOffset? FaultedAt { get; set; }

    public WorkflowTimerRecord Clone() => (WorkflowTimerRecord)MemberwiseClone();
}
