namespace Iso.Workflows.Persistence;

public enum CaseStatus
{
    Running = 0,
    Completed = 1,
    Cancelled = 2,
}

/// <summary>
/// One running or finished case (hồ sơ / instance of a procedure). <see cref="Version"/> is the optimistic
/// concurrency token: every command that changes anything of a case increments it, and a store must reject
/// a commit whose loaded version is no longer the stored one.
/// </summary>
public sealed class WorkflowCaseRecord
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    /// <summary>The stored definition the case runs on; a case stays on it even after a newer version is published.</summary>
    public Guid DefinitionId { get; set; }

    public required string DefinitionKey { get; set; }

    public int DefinitionVersion { get; set; }

    /// <summary>The case code people read aloud and type (mã hồ sơ: the agency's electronic unit code, the receipt date
    /// <c>YYMMDD</c> and the day's sequence, e.g. <c>000.00.19.H18-260821-0007</c>); unique; null for cases started
    /// before codes existed or by a caller that gives none.</summary>
    public string? Code { get; set; }

    /// <summary>Free reference shown to users (e.g. the receipt number); optional.</summary>
    public string? Reference { get; set; }

    public CaseStatus Status { get; set; }

    /// <summary>The <c>result</c> of the end node reached, or "cancelled".</summary>
    public string? Result { get; set; }

    public Guid? InitiatorId { get; set; }

    /// <summary>When the file was received (as entered).</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The moment the time limit counts from (after the 15:00 intake rule when the definition asks for it).</summary>
    public DateTimeOffset CountedFrom { get; set; }

    /// <summary>Due moment of the whole case, or null when the definition has no time limit.</summary>
    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Case variables as a JSON object (text; written by the engine).</summary>
    public required string VariablesJson { get; set; }

    /// <summary>Open fork/join bookkeeping as JSON (text), or null when no fork is open.</summary>
    public string? JoinStateJson { get; set; }

    /// <summary>Hash of the last journal entry; a missing tail of the journal is detected against it.</summary>
    public string? JournalHeadHash { get; set; }

    public long JournalCount { get; set; }

    /// <summary>Keyed checkpoint (HMAC) of the journal head: case id, <see cref="JournalCount"/> and
    /// <see cref="JournalHeadHash"/> under a key kept outside the database (see <c>JournalCheckpoint</c>, ADR 0009).</summary>
    public string? JournalCheckpoint { get; set; }

    /// <summary>When automatic work of the case (a timer, an escalation, a system action) failed on every retry; null
    /// while nothing is faulted. A faulted case keeps running otherwise; an administrator retries or cancels it.</summary>
    public DateTimeOffset? FaultedAt { get; set; }

    /// <summary>The error of the last failed attempt, in the engine's words.</summary>
    public string? FaultReason { get; set; }

    public long Version { get; set; }

    public WorkflowCaseRecord Clone() => (WorkflowCaseRecord)MemberwiseClone();
}
