using Iso.Workflows.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Calendar;

/// <summary>Replaces the entered days of one year (the administrator's calendar page), with history,
/// and refreshes the cached calendar.</summary>
public sealed class CalendarYearEditor(IsoDbContext db, DatabaseCalendarDataSource source)
{
    public const int MaxNameLength = 200;

    /// <summary>Makes <paramref name="days"/> the complete list of <paramref name="year"/>'s special days.</summary>
    /// <exception cref="ArgumentException">A day is outside the year, repeated, unnamed, or a make-up working day on a weekday.</exception>
    public async Task ReplaceYearAsync(int year, IReadOnlyCollection<CalendarDayOverride> days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        Validate(year, days);

        var calendarYear = await db.CalendarYears.Include(y => y.Days).SingleOrDefaultAsync(y => y.Year == year, cancellationToken);
        if (calendarYear is null)
        {
            calendarYear = new CalendarYear { Year = year };
            db.CalendarYears.Add(calendarYear);
        }

        var wanted = days.ToDictionary(d => d.Date);
        foreach (var existing in calendarYear.Days.ToList())
        {
            if (wanted.Remove(existing.Date, out var day))
            {
                existing.Kind = day.Kind;
                existing.Name = day.Name.Trim();
            }
            else
            {
                db.CalendarDays.Remove(existing);
            }
        }

        foreach (var day in wanted.Values)
        {
            calendarYear.Days.Add(new CalendarDay { Date = day.Date, Year = year, Kind = day.Kind, Name = day.Name.Trim() });
        }

        await db.SaveChangesAsync(cancellationToken);
        source.Invalidate();
    }

    /// <summary>Checks the days of a year without storing them.</summary>
    /// <exception cref="ArgumentException">What is wrong, day by day.</exception>
    public static void Validate(int year, IReadOnlyCollection<CalendarDayOverride> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (year is < 2000 or > 2100)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "Năm của lịch làm việc phải từ 2000 đến 2100.");
        }

        var problems = new List<string>();
        foreach (var day in days)
        {
            var date = day.Date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
            if (day.Date.Year != year)
            {
                problems.Add($"{date} không thuộc năm {year}.");
            }

            if (string.IsNullOrWhiteSpace(day.Name))
            {
                problems.Add($"{date} chưa có tên ngày.");
            }
            else if (day.Name.Trim().Length > MaxNameLength)
            {
                problems.Add($"{date}: tên dài quá {MaxNameLength} ký tự.");
            }

            if (!Enum.IsDefined(day.Kind))
            {
                problems.Add($"{date}: loại ngày {(int)day.Kind} không hợp lệ.");
            }
            else if (day.Kind == CalendarDayKind.WorkingDay && day.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                problems.Add($"{date} là ngày trong tuần (thứ Hai–thứ Sáu) nên không thể là ngày làm bù.");
            }
        }

        problems.AddRange(days.GroupBy(d => d.Date).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)} được nhập {g.Count()} lần."));

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Lịch làm việc năm {year} chưa được lưu: {string.Join(" ", problems)}", nameof(days));
        }
    }
}
