using System.ComponentModel.DataAnnotations;
using Iso.Data.Documents;

namespace Iso.Web.Documents;

/// <summary>Controlled documents (section <c>Iso:Documents</c>).</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "Iso:Documents";

    /// <summary>Largest attachment in bytes; 20 MB by default.</summary>
    [Range(1024, 200L * 1024 * 1024)]
    public long MaxAttachmentBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Memory for the rendered HTML of issued versions (<c>RenderedHtmlCache</c>); 64 MB by default.</summary>
    [Range(1024 * 1024, 4L * 1024 * 1024 * 1024)]
    public long RenderedHtmlCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Days staff have to acknowledge (read and understood) a new effective version, unless the document says otherwise.</summary>
    [Range(1, 365)]
    public int AcknowledgeWithinDays { get; set; } = 14;

    /// <summary>Months between periodic reviews, by kind, unless the document says otherwise. A kind not listed (external
    /// documents: legal texts change by their issuer, not by our review) has no periodic review.</summary>
    public Dictionary<DocumentKind, int> ReviewPeriodMonths { get; set; } = new()
    {
        [DocumentKind.QualityPolicy] = 12,
        [DocumentKind.QualityObjectives] = 12,
        [DocumentKind.Procedure] = 12,
        [DocumentKind.WorkInstruction] = 12,
        [DocumentKind.Form] = 24,
        [DocumentKind.RecordTemplate] = 24,
    };

    /// <summary>Days before a periodic review falls due that the owner is reminded.</summary>
    [Range(0, 365)]
    public int ReviewReminderDays { get; set; } = 30;

    /// <summary>Months a document citing a replaced or amended legal text has to be revised (the legal deadline).</summary>
    [Range(1, 24)]
    public int LegalChangeRevisionMonths { get; set; } = 3;

    /// <summary>How often the background check opens reminders and review tasks.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReviewCheckPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The review period of a document: its own, else the kind's default (null: none).</summary>
    public int? ReviewMonthsOf(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.ReviewPeriodMonths ?? (ReviewPeriodMonths.TryGetValue(document.Kind, out var months) ? months : null);
    }
}
