using Iso.Data.History;
using Iso.Workflows.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Calendar;

/// <summary>The working calendar's entered years, read from the database once and kept in memory
/// (the calendar asks synchronously and often). Call <see cref="Invalidate"/> after an edit; other app nodes
/// pick the edit up when their copy is older than <see cref="MaxAge"/>.</summary>
public sealed class DatabaseCalendarDataSource : ICalendarDataSource
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly IsoDatabase _database;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private volatile Snapshot? _snapshot;
    private long _lastVersion;

    internal DatabaseCalendarDataSource(IsoDatabase database, TimeProvider clock) => (_database, _clock) = (database, clock);

    public IReadOnlyList<CalendarDayOverride>? GetYear(int year) =>
        Fresh().Years.TryGetValue(year, out var days) ? days : null;

    /// <summary>Reloads when the copy is older than <see cref="MaxAge"/> and counts reloads, so that the working calendar
    /// drops its cached years after an edit made here or on another node.</summary>
    public long Version => Fresh().Version;

    private Snapshot Fresh()
    {
        var snapshot = _snapshot;
        return snapshot is null || _clock.GetUtcNow() - snapshot.LoadedAt > MaxAge ? Load(snapshot) : snapshot;
    }

    /// <summary>Forgets the cached years; the next <see cref="GetYear"/> reads the database again.</summary>
    public void Invalidate() => _snapshot = null;

    private Snapshot Load(Snapshot? stale)
    {
        lock (_gate)
        {
            if (_snapshot is { } loaded && !ReferenceEquals(loaded, stale))
            {
                return loaded; // another thread loaded it while this one waited
            }

            using var db = _database.CreateContext(SystemActor.Instance);
            var years = db.CalendarYears.AsNoTracking().Select(y => y.Year).ToList();
            var days = db.CalendarDays.AsNoTracking().OrderBy(d => d.Date).ToList();
            var byYear = years.ToDictionary(
                year => year,
                year => (IReadOnlyList<CalendarDayOverride>)days.Where(d => d.Year == year)
                    .Select(d => new CalendarDayOverride(d.Date, d.Kind, d.Name)).ToList().AsReadOnly());
            var snapshot = new Snapshot(byYear, _clock.GetUtcNow(), (stale?.Version ?? _lastVersion) + 1);
            _lastVersion = snapshot.Version;
            _snapshot = snapshot;
            return snapshot;
        }
    }

    private sealed record Snapshot(IReadOnlyDictionary<int, IReadOnlyList<CalendarDayOverride>> Years, DateTimeOffset LoadedAt, long Version);
}
