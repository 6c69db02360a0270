namespace Iso.Workflows.Calendar;

/// <summary>Serves the years in <see cref="PublishedHolidays"/> (2025, 2026) and nothing else, so other years
/// fall back to the computed statutory calendar. For tests and hosts without a database.</summary>
public sealed class PublishedHolidaysDataSource : ICalendarDataSource
{
    public IReadOnlyList<CalendarDayOverride>? GetYear(int year) => PublishedHolidays.For(year);
}
