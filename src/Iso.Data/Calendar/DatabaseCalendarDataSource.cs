using Iso.Data.History;
using Iso.Workflows.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Calendar;

/// <summary>The working calendar's entered years, read from the database once and kept in memory
/// (the calendar asks synchronously and often). Call <see cref="Invalidate"/> after an edit.</summary>
public sealed class DatabaseCalendarDataSource : ICalendarDataSource
{
    private readonly IsoDatabase _database;
    private readonly Lock _gate = new();
    private volatile IReadOnlyDictionary<int, IReadOnlyList<CalendarDayOverride>>? _years;

    internal DatabaseCalendarDataSource(IsoDatabase database) => _database = database;

    public IReadOnlyList<CalendarDayOverride>? GetYear(int year) =>
        (_years ?? Load()).TryGetValue(year, out var days) ? days : null;

    /// <summary>Forgets the cached years; the next <see cref="GetYear"/> reads the database again.</summary>
    public void Invalidate() => _years = null;

    private IReadOnlyDictionary<int, IReadOnlyList<CalendarDayOverride>> Load()
    {
        lock (_gate)
        {
            if (_years is { } loaded)
            {
                return loaded;
            }

            using var db = _database.CreateContext(SystemActor.Instance);
            var years = db.CalendarYears.AsNoTracking().Select(y => y.Year).ToList();
            var days = db.CalendarDays.AsNoTracking().OrderBy(d => d.Date).ToList();
            var byYear = years.ToDictionary(
                year => year,
                year => (IReadOnlyList<CalendarDayOverride>)days.Where(d => d.Year == year)
                    .Select(d => new CalendarDayOverride(d.Date, d.Kind, d.Name)).ToList().AsReadOnly());
            _years = byYear;
            return byYear;
        }
    }
}
