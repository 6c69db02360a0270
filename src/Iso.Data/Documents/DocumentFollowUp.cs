using System.Text.Json.Serialization;

namespace Iso.Data.Documents;

/// <summary>
/// One person's read-and-understood (đã đọc và hiểu) of one effective version. The round is created by the database
/// in the transaction that makes the version effective (trigger on the <c>document.publish</c> effect): one row per
/// active person of the units the version names, due after the document's acknowledgement period. Acknowledging is a
/// signature (password re-entered): the printed name and the moment are kept here (21 CFR Part 11 §11.50).
/// </summary>
public sealed class DocumentAcknowledgement
{
    public Guid VersionId { get; set; }

    public Guid UserId { get; set; }

    public Guid DocumentId { get; set; }

    public Guid AgencyId { get; set; }

    /// <summary>The unit the person was in when the round began.</summary>
    public Guid? UnitId { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateOnly DueOn { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>The signer's printed name at the moment of signing.</summary>
    public string? PrintedName { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<DocumentTaskKind>))]
public enum DocumentTaskKind
{
    /// <summary>The periodic review (xem xét định kỳ) has fallen due.</summary>
    PeriodicReview,

    /// <summary>A legal text the document cites was replaced or amended: revise within the legal deadline.</summary>
    LegalChange,
}

[JsonConverter(typeof(JsonStringEnumConverter<DocumentTaskStatus>))]
public enum DocumentTaskStatus
{
    Open,

    /// <summary>Reviewed, nothing to change (recorded with a comment).</summary>
    NoChange,

    /// <summary>A revision draft was begun.</summary>
    Revised,
}

/// <summary>Work on a document that falls due: a periodic review or a revision after a legal change.</summary>
public sealed class DocumentTask
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid DocumentId { get; set; }

    public DocumentTaskKind Kind { get; set; }

    public DateOnly DueOn { get; set; }

    /// <summary>The document's owner (its author); null when that person has left (any quality officer then).</summary>
    public Guid? AssigneeId { get; set; }

    /// <summary>For a legal change: the change that opened it.</summary>
    public Guid? LegalChangeId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DocumentTaskStatus Status { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public Guid? ClosedById { get; set; }

    public string? ClosedByName { get; set; }

    /// <summary>For <see cref="DocumentTaskStatus.Revised"/>: the draft that was begun.</summary>
    public Guid? RevisionVersionId { get; set; }
}

/// <summary>The reminder sent to the owner some days before a periodic review is due (one per document and due date).</summary>
public sealed class DocumentReviewReminder
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid DocumentId { get; set; }

    public Guid? UserId { get; set; }

    public DateOnly DueOn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<LegalChangeKind>))]
public enum LegalChangeKind
{
    Replaced,
    Amended,
}

/// <summary>An external (legal) document was replaced or amended on a date, perhaps by another document.</summary>
public sealed class DocumentLegalChange
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    /// <summary>The external document that changed.</summary>
    public Guid DocumentId { get; set; }

    public LegalChangeKind Kind { get; set; }

    /// <summary>The document that replaces or amends it, when registered.</summary>
    public Guid? NewDocumentId { get; set; }

    public DateOnly ChangedOn { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public Guid RecordedById { get; set; }

    public string? RecordedByName { get; set; }
}
