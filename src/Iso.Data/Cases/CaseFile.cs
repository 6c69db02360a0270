namespace Iso.Data.Cases;

/// <summary>A scanned file kept as a record of a case, with its SHA-256 so that any later change is visible.</summary>
public sealed class CaseFile
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public Guid AgencyId { get; set; }

    /// <summary>The task during which the file was attached (a step's record), or null (reception).</summary>
    public Guid? TaskId { get; set; }

    /// <summary>The required document it is a scan of (or null for another record).</summary>
    public string? DocumentName { get; set; }

    public required string FileName { get; set; }

    /// <summary>The type found by reading the content (not the one the browser claimed).</summary>
    public required string ContentType { get; set; }

    public long Length { get; set; }

    /// <summary>Lower-case hexadecimal SHA-256 of <see cref="Content"/>.</summary>
    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public DateTimeOffset StoredAt { get; set; }

    public Guid StoredById { get; set; }
}
