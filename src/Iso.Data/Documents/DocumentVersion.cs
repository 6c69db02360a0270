using System.Text.Json.Serialization;

namespace Iso.Data.Documents;

/// <summary>Draft → in review → effective → superseded (by a later version) or obsolete (the document withdrawn).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DocumentVersionStatus>))]
public enum DocumentVersionStatus
{
    Draft,
    InReview,
    Effective,
    Superseded,
    Obsolete,
}

/// <summary>
/// One version of a document: its text (Markdown) and its ISO header as data. The signature block (prepared / reviewed /
/// approved: who, printed name, when) is filled by the approval flow, never typed. Once effective, a version is
/// immutable: only its status may move on to superseded or obsolete, and the database itself refuses anything else
/// (triggers, see the providers), as does the context (<see cref="DocumentVersionGuard"/>).
/// </summary>
public sealed class DocumentVersion
{
    public Guid Id { get; set; }

    public Guid DocumentId { get; set; }

    public Document? Document { get; set; }

    /// <summary>The document's agency, copied here so that every read can be scoped without a join.</summary>
    public Guid AgencyId { get; set; }

    /// <summary>1, 2, 3… in the order the versions were begun.</summary>
    public int Sequence { get; set; }

    /// <summary>Lần ban hành.</summary>
    public int IssueNo { get; set; }

    /// <summary>Lần sửa đổi within the issue (0 for a new issue).</summary>
    public int RevisionNo { get; set; }

    public required string Title { get; set; }

    public required string Markdown { get; set; }

    /// <summary>What changed (the change table's description); required for every version after the first.</summary>
    public string? ChangeSummary { get; set; }

    /// <summary>Where it changed (trang/mục), for the change table.</summary>
    public string? ChangedSections { get; set; }

    /// <summary>The units the document is distributed to (ids of <c>Units</c>).</summary>
    public List<Guid> Distribution { get; set; } = [];

    /// <summary>External documents: their own number (số hiệu), issuer and effective date.</summary>
    public string? ExternalNumber { get; set; }

    public string? ExternalIssuer { get; set; }

    public DateOnly? ExternalEffectiveOn { get; set; }

    public DocumentVersionStatus Status { get; set; }

    public Guid AuthorId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Incremented by every saved edit; the API's ETag (If-Match).</summary>
    public long Revision { get; set; }

    /// <summary>The document-control case reviewing this version (null while a draft not yet submitted).</summary>
    public Guid? ReviewCaseId { get; set; }

    /// <summary>A procedure document's workflow version (<c>WorkflowDefinitions.Id</c>): while the version is a draft, the
    /// agency's procedure draft it carries, published by the database in the approval's transaction (ADR 0025); once
    /// issued, the workflow version it was approved with. Null: the flow section shows the version that runs.</summary>
    public Guid? ProcedureDefinitionId { get; set; }

    public Guid? PreparedById { get; set; }

    public string? PreparedByName { get; set; }

    public DateTimeOffset? PreparedAt { get; set; }

    public Guid? ReviewedById { get; set; }

    public string? ReviewedByName { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public Guid? ApprovedById { get; set; }

    public string? ApprovedByName { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>Ngày hiệu lực, set by the approval.</summary>
    public DateOnly? EffectiveOn { get; set; }

    public DateTimeOffset? SupersededAt { get; set; }

    public DateTimeOffset? ObsoletedAt { get; set; }

    public List<DocumentAttachment> Attachments { get; } = [];

    /// <summary>Whether the version can no longer be edited (effective, superseded or obsolete).</summary>
    public static bool IsIssued(DocumentVersionStatus status) =>
        status is DocumentVersionStatus.Effective or DocumentVersionStatus.Superseded or DocumentVersionStatus.Obsolete;

    /// <summary>The lifecycle columns an issued version may still change (and only Effective → Superseded / Obsolete).</summary>
    public static IReadOnlyList<string> LifecycleProperties { get; } = [nameof(Status), nameof(SupersededAt), nameof(ObsoletedAt)];
}
