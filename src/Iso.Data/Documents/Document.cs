using System.Text.Json.Serialization;

namespace Iso.Data.Documents;

/// <summary>What a controlled document is (ISO 9001:2015 7.5); external documents are the legal texts the system relies on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DocumentKind>))]
public enum DocumentKind
{
    QualityPolicy,
    QualityObjectives,
    Procedure,
    WorkInstruction,
    Form,
    RecordTemplate,
    External,
}

/// <summary>
/// A controlled document (tài liệu) of one agency, known by its code (mã hiệu, e.g. QT-01), unique in the agency.
/// Its text lives in <see cref="DocumentVersion"/>s; <see cref="EffectiveVersionId"/> names the one in force.
/// </summary>
public sealed class Document
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public required string Code { get; set; }

    public DocumentKind Kind { get; set; }

    /// <summary>The title of the latest version (kept here for lists).</summary>
    public required string Title { get; set; }

    /// <summary>The version in force; set by the database when an approval publishes one (see <c>document.publish</c>).</summary>
    public Guid? EffectiveVersionId { get; set; }

    /// <summary>A procedure document's procedure (workflow key) of the agency: its flow section is the step table of the
    /// published version of that workflow, generated, so the text and what runs cannot disagree.</summary>
    public string? ProcedureKey { get; set; }

    /// <summary>Withdrawn (thu hồi): no version is in force any more.</summary>
    public DateTimeOffset? ObsoletedAt { get; set; }

    public Guid? ObsoletedById { get; set; }

    public string? ObsoleteReason { get; set; }

    /// <summary>Days the staff of the distribution units have to acknowledge an effective version (14 by default).</summary>
    public int AcknowledgeWithinDays { get; set; } = 14;

    /// <summary>Months between periodic reviews; null: the default of the kind (<c>Iso:Documents:ReviewPeriodMonths</c>).</summary>
    public int? ReviewPeriodMonths { get; set; }

    /// <summary>The last periodic review that ended in "no change": the next one is counted from here (or from the
    /// effective date of the version in force, whichever is later).</summary>
    public DateOnly? LastReviewedOn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedById { get; set; }

    public List<DocumentVersion> Versions { get; } = [];
}
