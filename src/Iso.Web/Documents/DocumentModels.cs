using System.Text.Json.Serialization;
using Iso.Data.Documents;

namespace Iso.Web.Documents;

/// <summary>Where a document stands as a whole: never issued yet (draft, in review), in force, or withdrawn.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DocumentStatus>))]
public enum DocumentStatus
{
    Draft,
    InReview,
    Effective,
    Obsolete,
}

/// <summary>A row of the document list.</summary>
public sealed record DocumentSummary(
    Guid Id,
    Guid AgencyId,
    string Code,
    DocumentKind Kind,
    string Title,
    DocumentStatus Status,
    int? IssueNo,
    int? RevisionNo,
    DateOnly? EffectiveOn,
    DocumentVersionStatus? PendingVersionStatus);

/// <summary>A page of the list and how many match in all.</summary>
public sealed record DocumentPage(IReadOnlyList<DocumentSummary> Items, int Total);

/// <summary>One signature of the block Soạn thảo / Xem xét / Phê duyệt: who (printed name), when, and what it means.</summary>
public sealed record DocumentSignature(string Meaning, Guid UserId, string PrintedName, DateTimeOffset SignedAt);

/// <summary>A row of the change table (Theo dõi tình trạng sửa đổi): one per issued or pending version.</summary>
public sealed record DocumentChangeRow(DateOnly? Date, string? Sections, string Description, int IssueNo, int RevisionNo);

public sealed record DocumentUnit(Guid Id, string Code, string Name);

public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long Size, string Sha256);

public sealed record VersionSummary(
    Guid Id, int Sequence, int IssueNo, int RevisionNo, DocumentVersionStatus Status, DateOnly? EffectiveOn, string? ChangeSummary, DateTimeOffset UpdatedAt);

/// <summary>Which workflow step a version under review waits at, and who may act on it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewStage>))]
public enum ReviewStage
{
    None,
    Review,
    Approval,
    Returned,
}

/// <summary>What the caller may do with the document now (the page shows only these buttons; the use cases check again).</summary>
public sealed record DocumentActions(bool Edit, bool Submit, bool Review, bool Approve, bool Revise, bool Obsolete);

/// <summary>A document with one of its versions: the ISO header as data, the text, attachments, history and actions.</summary>
public sealed record DocumentDetails(
    Guid Id,
    Guid AgencyId,
    string AgencyName,
    string Code,
    DocumentKind Kind,
    DocumentStatus Status,
    Guid VersionId,
    DocumentVersionStatus VersionStatus,
    string Title,
    string Markdown,
    int IssueNo,
    int RevisionNo,
    DateOnly? EffectiveOn,
    string? ChangeSummary,
    string? ChangedSections,
    string? ExternalNumber,
    string? ExternalIssuer,
    DateOnly? ExternalEffectiveOn,
    IReadOnlyList<DocumentSignature> Signatures,
    IReadOnlyList<DocumentChangeRow> Changes,
    IReadOnlyList<DocumentUnit> Distribution,
    IReadOnlyList<AttachmentView> Attachments,
    IReadOnlyList<VersionSummary> Versions,
    ReviewStage Stage,
    string? ReturnComment,
    DocumentActions Actions,
    string ETag,
    DateTimeOffset? ObsoletedAt,
    string? ObsoleteReason,
    Guid? PendingVersionId,
    DocumentVersionStatus? PendingVersionStatus)
{
    /// <summary>The procedure (workflow key) a procedure document is tied to.</summary>
    public string? ProcedureKey { get; init; }

    /// <summary>The version of that procedure this document version carries (a draft, published on approval) or was
    /// approved with (ADR 0025); null when it names none. The draft's <c>procedureDraft</c> on update.</summary>
    public int? ProcedureVersion { get; init; }
}

/// <summary>The answer to creating a document: its id, its first version and the version's ETag.</summary>
public sealed record DocumentCreated(Guid Id, Guid VersionId, string ETag);

/// <summary>The answer to a change of a draft: its new ETag.</summary>
public sealed record DraftSaved(Guid DocumentId, Guid VersionId, string ETag);

/// <summary>The answer to a submission or a decision, with warnings the author should see (dangling references).</summary>
public sealed record DocumentStepResult(Guid DocumentId, Guid VersionId, DocumentVersionStatus VersionStatus, IReadOnlyList<string> DanglingReferences);

/// <summary>A version's ETag: its id and edit counter, so a stale copy of any version is told apart.</summary>
public static class DocumentETag
{
    public static string Of(Guid versionId, long revision) => $"\"{versionId:N}.{revision}\"";

    public static string Of(DocumentVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Of(version.Id, version.Revision);
    }
}
