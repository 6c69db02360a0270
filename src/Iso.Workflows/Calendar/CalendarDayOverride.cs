namespace Iso.Workflows.Calendar;

public enum CalendarDayKind
{
    /// <summary>A weekday off (public holiday, Tết, a day given in a swap).</summary>
    Holiday = 0,

    /// <summary>A weekend day that is worked (the make-up Saturday of a swap).</summary>
    WorkingDay = 1,
}

/// <summary>One day whose status differs from the plain Monday–Friday rule.</summary>
public sealed record CalendarDayOverride(DateOnly Date, CalendarDayKind Kind, string Name);

/// <summary>Where the calendar reads the days of a year that an administrator entered.</summary>
public interface ICalendarDataSource
{
    /// <summary>The entered days of <paramref name="year"/>, or null when nobody entered that year
    /// (the calendar then computes the statutory holidays itself).</summary>
    IReadOnlyList<CalendarDayOverride>? GetYear(int year);

    /// <summary>Changes whenever the entered days may have changed; the calendar rebuilds its cached years when it does.
    /// A source whose days never change keeps 0.</summary>
    long Version => 0;
}
