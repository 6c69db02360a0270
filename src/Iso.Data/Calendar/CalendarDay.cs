using Iso.Workflows.Calendar;

namespace Iso.Data.Calendar;

/// <summary>A year of the working calendar that an administrator (or the seed) entered.
/// Its presence means "use these days", even when the list is empty; a missing year falls back to the computed calendar.</summary>
public sealed class CalendarYear
{
    public int Year { get; set; }

    public List<CalendarDay> Days { get; } = [];
}

/// <summary>One day whose status differs from the Monday–Friday rule (a holiday or a make-up working Saturday).</summary>
public sealed class CalendarDay
{
    public DateOnly Date { get; set; }

    public int Year { get; set; }

    public CalendarDayKind Kind { get; set; }

    public required string Name { get; set; }
}
