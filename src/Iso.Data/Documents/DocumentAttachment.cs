namespace Iso.Data.Documents;

/// <summary>A file attached to a version (a form, a template), by its content's SHA-256 (<see cref="DocumentFile"/>).</summary>
public sealed class DocumentAttachment
{
    public Guid Id { get; set; }

    public Guid VersionId { get; set; }

    public Guid AgencyId { get; set; }

    public required string FileName { get; set; }

    /// <summary>The type found in the content (magic bytes), not the one the uploader claimed.</summary>
    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content; the key of <see cref="DocumentFile"/>.</summary>
    public required string Sha256 { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedById { get; set; }
}

/// <summary>File content, stored once per SHA-256: a revision copies its attachments by reference, not by bytes.</summary>
public sealed class DocumentFile
{
    public required string Sha256 { get; set; }

    public long Size { get; set; }

    public required byte[] Content { get; set; }
}
