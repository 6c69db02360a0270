using System.Collections.Concurrent;

namespace Iso.Web.Procedures;

/// <summary>What an officer copied: the nodes (a JSON array text) and the procedure they came from.</summary>
public sealed record CopiedSteps(string Nodes, string SourceKey, int SourceVersion, IReadOnlyList<string> Ids, DateTimeOffset At);

/// <summary>Each officer's clipboard of copied steps, kept on the server per user so that steps copied in one procedure can
/// be pasted into another (another tab, another page) without going through the browser. One entry per user; the newest
/// copy replaces the previous one. Entries older than a day are dropped.</summary>
public sealed class StepClipboard(TimeProvider clock)
{
    /// <summary>The largest copy kept (a 40-step procedure is about 40 000 characters).</summary>
    public const int MaxLength = 200_000;

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<Guid, CopiedSteps> _entries = new();

    /// <summary>Keeps <paramref name="nodes"/> for <paramref name="userId"/>; false when the copy is too large.</summary>
    public bool Copy(Guid userId, string nodes, string sourceKey, int sourceVersion, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Length > MaxLength)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        foreach (var (user, entry) in _entries)
        {
            if (now - entry.At > Lifetime)
            {
                _entries.TryRemove(user, out _);
            }
        }

        _entries[userId] = new CopiedSteps(nodes, sourceKey, sourceVersion, ids, now);
        return true;
    }

    /// <summary>The user's last copy, if any and not expired.</summary>
    public CopiedSteps? Peek(Guid userId) =>
        _entries.TryGetValue(userId, out var entry) && clock.GetUtcNow() - entry.At <= Lifetime ? entry : null;
}
