namespace Iso.Workflows.Persistence;

public enum WorkflowTaskStatus
{
    Open = 0,
    Completed = 1,
    Cancelled = 2,
}

/// <summary>A human step of a case, open for its candidates (role + unit of the case's agency) or its assignee.</summary>
public sealed class WorkflowTaskRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The case's agency, copied here so inbox queries need no join.</summary>
    public Guid AgencyId { get; set; }

    public required string DefinitionKey { get; set; }

    public required string NodeId { get; set; }

    public required string Title { get; set; }

    public required string CandidateRole { get; set; }

    /// <summary>Unit code within the case's agency, or null for any unit.</summary>
    public string? CandidateUnitCode { get; set; }

    public Guid? AssigneeId { get; set; }

    public WorkflowTaskStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Working hours allotted to the step (null when not counted); used for the due-soon threshold.</summary>
    public decimal? AllottedHours { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public Guid? CompletedById { get; set; }

    /// <summary>Working time from <see cref="CreatedAt"/> to <see cref="CompletedAt"/> in the working calendar, in whole
    /// minutes, stored when the task is completed (the statistics average it per step, ADR 0030); null while open, and
    /// for tasks completed before it existed until the database initializer fills it in.</summary>
    public int? WorkingMinutes { get; set; }

    public string? Outcome { get; set; }

    public string? Comment { get; set; }

    /// <summary>Submitted form values as a JSON object (text).</summary>
    public string? FormDataJson { get; set; }

    /// <summary>Fork branch path the task belongs to ("" outside any fork); engine bookkeeping.</summary>
    public required string Scope { get; set; }

    public WorkflowTaskRecord Clone() => (WorkflowTaskRecord)MemberwiseClone();
}
