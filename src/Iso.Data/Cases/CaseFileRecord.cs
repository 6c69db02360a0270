namespace Iso.Data.Cases;

/// <summary>A file kept as one of a case's records (an attachment of a step): its bytes, their SHA-256 and who added
/// it when. Never changed once stored; lists read the metadata only.</summary>
public sealed class CaseFileRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The case's agency, copied so scoping needs no join.</summary>
    public Guid AgencyId { get; set; }

    /// <summary>The task during which the file was attached, or null (reception).</summary>
    public Guid? TaskId { get; set; }

    public required string FileName { get; set; }

    /// <summary>The media type recognised from the content (not the one the browser claimed).</summary>
    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>SHA-256 of the content, lower-case hex.</summary>
    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public Guid UploadedById { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}
