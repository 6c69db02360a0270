namespace Iso.Data.Records;

/// <summary>
/// A record (the case that produced it) moved to the archive state when its retention ended: written by the database
/// from a <c>record.archive</c> row of <c>WorkflowEffects</c>, in the same transaction as the records-control step that
/// decided it (the decision: which records-control case, who, when, where to). One row per record type and case.
/// </summary>
public sealed class RecordArchive
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid RecordTypeId { get; set; }

    /// <summary>The case whose records were archived.</summary>
    public Guid CaseId { get; set; }

    public DateTimeOffset ArchivedAt { get; set; }

    /// <summary>The records-control case whose step decided it.</summary>
    public Guid DecisionCaseId { get; set; }

    /// <summary>Who completed the step that led to the archiving (the handover), if known.</summary>
    public Guid? DecidedById { get; set; }

    /// <summary>Where the records went (e.g. Lưu trữ cơ quan) and the handover minutes' number.</summary>
    public string? Destination { get; set; }
}
