namespace Iso.Data.History;

/// <summary>One change to the database, written in the same transaction as the change itself.
/// Append-only: the context refuses to modify or delete entries, and the database has triggers that do the same.</summary>
public sealed class HistoryEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? UserId { get; set; }

    public string? UserName { get; set; }

    /// <summary>The agency whose data changed, when known (lets an agency read its own history).</summary>
    public Guid? AgencyId { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    /// <summary>Added, Modified or Deleted.</summary>
    public required string Action { get; set; }

    /// <summary>JSON object of the changed properties: { "Name": { "old": …, "new": … } }. Secrets are never written.</summary>
    public required string Changes { get; set; }
}
