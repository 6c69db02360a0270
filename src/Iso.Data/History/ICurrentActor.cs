namespace Iso.Data.History;

/// <summary>Who is changing data right now; written into every <see cref="HistoryEntry"/>.
/// The web supplies an implementation for the signed-in user; everything else acts as <see cref="SystemActor"/>.</summary>
public interface ICurrentActor
{
    Guid? UserId { get; }

    string UserName { get; }

    Guid? AgencyId { get; }
}

/// <summary>The actor of start-up work, seeding, background jobs and the CLI.</summary>
public sealed class SystemActor : ICurrentActor
{
    public static SystemActor Instance { get; } = new();

    public Guid? UserId => null;

    public string UserName => "system";

    public Guid? AgencyId => null;
}
