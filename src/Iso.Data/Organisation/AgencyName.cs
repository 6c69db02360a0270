namespace Iso.Data.Organisation;

/// <summary>A name an agency carried for a period. Written when an agency is renamed, so that what happened under the
/// old name (a case received, a document issued) is still shown with the name of its day.</summary>
public sealed class AgencyName
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public required string Name { get; set; }

    public string? ShortName { get; set; }

    public DateOnly ValidFrom { get; set; }

    /// <summary>Last day of the name; null for the current name.</summary>
    public DateOnly? ValidTo { get; set; }
}
