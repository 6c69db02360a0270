namespace Iso.Data.Preferences;

/// <summary>A filter a person named and kept for a list (<see cref="Screen"/>, e.g. <c>inbox</c>): the list's query
/// string as the list itself writes it, so any list can keep filters without a table of its own.</summary>
public sealed class SavedFilter
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public required string Screen { get; set; }

    public required string Name { get; set; }

    /// <summary>The list's filter as a URL query string (e.g. <c>status=mine&amp;procedure=tthc-mot-cap</c>).</summary>
    public required string Query { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
