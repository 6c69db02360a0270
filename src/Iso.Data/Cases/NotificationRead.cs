namespace Iso.Data.Cases;

/// <summary>That one person has read one of the engine's notifications. A notification addressed to a role and unit
/// is read per person: one leader reading it leaves it unread for the others.</summary>
public sealed class NotificationRead
{
    public Guid NotificationId { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset ReadAt { get; set; }
}
