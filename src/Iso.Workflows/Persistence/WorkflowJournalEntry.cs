namespace Iso.Workflows.Persistence;

/// <summary>
/// One append-only journal event of a case. <see cref="Hash"/> is SHA-256 over the canonical form of the
/// content and <see cref="PreviousHash"/> (see <c>JournalHasher</c>); stores must keep every string
/// byte-for-byte (plain text columns, not jsonb) and timestamps to the microsecond.
/// </summary>
public sealed class WorkflowJournalEntry
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>1, 2, 3, … within the case.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Event kind, e.g. CaseStarted, TaskCreated, TaskCompleted, TaskOverdue (see <c>JournalKinds</c>).</summary>
    public required string Kind { get; set; }

    /// <summary>Who did it; null for the system (timers, automatic steps).</summary>
    public Guid? ActorId { get; set; }

    public string? NodeId { get; set; }

    public Guid? TaskId { get; set; }

    public string? Outcome { get; set; }

    public string? Comment { get; set; }

    /// <summary>Extra data as JSON text, or null.</summary>
    public string? DataJson { get; set; }

    public string? PreviousHash { get; set; }

    public required string Hash { get; set; }

    public WorkflowJournalEntry Clone() => (WorkflowJournalEntry)MemberwiseClone();
}
