using System.ComponentModel.DataAnnotations;

namespace Iso.Web.Documents;

/// <summary>Controlled documents (section <c>Iso:Documents</c>).</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "Iso:Documents";

    /// <summary>Largest attachment in bytes; 20 MB by default.</summary>
    [Range(1024, 200L * 1024 * 1024)]
    public long MaxAttachmentBytes { get; set; } = 20L * 1024 * 1024;
}
