namespace Iso.Workflows.Persistence;

public enum DefinitionStatus
{
    Draft = 0,
    Published = 1,
    Retired = 2,

    /// <summary>A draft handed in for approval: no longer edited; approved (published) or returned (draft again).</summary>
    Submitted = 3,
}

/// <summary>
/// One version of a definition as stored. <see cref="OwnerAgencyId"/> null = a template from <c>workflows/</c>;
/// otherwise the agency's own procedure (adopted from <see cref="SourceKey"/>/<see cref="SourceVersion"/>).
/// (OwnerAgencyId, Key, Version) is unique; at most one version per owner and key is published.
/// </summary>
public sealed class StoredDefinition
{
    public Guid Id { get; set; }

    public Guid? OwnerAgencyId { get; set; }

    public required string Key { get; set; }

    public int Version { get; set; }

    public required string Name { get; set; }

    public DefinitionStatus Status { get; set; }

    /// <summary>The definition JSON (text, kept byte-for-byte).</summary>
    public required string Json { get; set; }

    public string? SourceKey { get; set; }

    public int? SourceVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>Counts the saves of this row; the optimistic concurrency token of a draft (its ETag), so a stale save is refused.</summary>
    public int Revision { get; set; }

    public StoredDefinition Clone() => (StoredDefinition)MemberwiseClone();
}
