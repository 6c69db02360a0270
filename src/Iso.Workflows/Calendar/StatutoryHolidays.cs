namespace Iso.Workflows.Calendar;

/// <summary>
/// The computed default calendar for a year nobody entered: the public holidays of Labour Code 2019, Art. 112,
/// with the weekend-replacement rule of Art. 111(3). Government swaps (a bridge day worked on a Saturday)
/// are decided yearly and cannot be computed; an administrator enters them as data.
/// </summary>
public static class StatutoryHolidays
{
    private static readonly DayOfWeek[] MondayToFriday =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>
    /// The days off of <paramref name="year"/>:
    /// 1/1; Tết = the last day of the lunar year and mùng 1–4 (5 days); Giỗ Tổ Hùng Vương 10/3 lunar; 30/4; 1/5;
    /// Quốc khánh 2/9 with one adjacent day (<see cref="NationalDayAdjacentDay"/>);
    /// each holiday on a non-working weekday is replaced by the next working day that is not already off.
    /// </summary>
    public static IReadOnlyList<CalendarDayOverride> For(int year, IReadOnlyCollection<DayOfWeek>? workingDays = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, VietnameseLunarCalendar.MinYear + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, VietnameseLunarCalendar.MaxYear - 1);
        var working = new HashSet<DayOfWeek>(workingDays ?? MondayToFriday);
        if (working.Count == 0)
        {
            throw new ArgumentException("At least one working weekday is needed to place replacement days.", nameof(workingDays));
        }

        var tet = VietnameseLunarCalendar.NewYear(year);
        var statutory = new List<CalendarDayOverride>
        {
            Off(new DateOnly(year, 1, 1), "Tết Dương lịch"),
            Off(tet.AddDays(-1), "Tết Nguyên đán (ngày cuối năm âm lịch)"),
        };
        for (var i = 0; i < 4; i++)
        {
            statutory.Add(Off(tet.AddDays(i), $"Tết Nguyên đán (mùng {i + 1})"));
        }

        var nationalDay = new DateOnly(year, 9, 2);
        statutory.Add(Off(VietnameseLunarCalendar.ToSolar(year, 3, 10), "Giỗ Tổ Hùng Vương"));
        statutory.Add(Off(new DateOnly(year, 4, 30), "Ngày Chiến thắng"));
        statutory.Add(Off(new DateOnly(year, 5, 1), "Ngày Quốc tế Lao động"));
        statutory.Add(Off(nationalDay, "Quốc khánh"));
        statutory.Add(Off(NationalDayAdjacentDay(year), "Quốc khánh (ngày liền kề)"));
        statutory.Sort((a, b) => a.Date.CompareTo(b.Date));

        var off = statutory.Select(d => d.Date).ToHashSet();
        var result = new List<CalendarDayOverride>(statutory);
        foreach (var holiday in statutory)
        {
            if (working.Contains(holiday.Date.DayOfWeek))
            {
                continue;
            }

            // Art. 111(3): a holiday on the weekly rest day is taken on the next working day.
            var replacement = holiday.Date.AddDays(1);
            while (!working.Contains(replacement.DayOfWeek) || off.Contains(replacement))
            {
                replacement = replacement.AddDays(1);
            }

            off.Add(replacement);
            result.Add(Off(replacement, $"Nghỉ bù {holiday.Name} ({holiday.Date:dd/MM})"));
        }

        result.Sort((a, b) => a.Date.CompareTo(b.Date));
        return result;
    }

    /// <summary>
    /// The day next to 2/9 taken as the second National Day holiday: 3/9 when 2/9 is a Monday or a Thursday,
    /// otherwise 1/9 — the day that joins the break to the weekend, as the Government chose in 2021–2026
    /// (Thu 2021 → 3/9, Fri 2022 → 1/9, Sat 2023 → 1/9, Mon 2024 → 3/9, Tue 2025 → 1/9, Wed 2026 → 1/9).
    /// </summary>
    public static DateOnly NationalDayAdjacentDay(int year)
    {
        var nationalDay = new DateOnly(year, 9, 2);
        return nationalDay.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Thursday ? nationalDay.AddDays(1) : nationalDay.AddDays(-1);
    }

    private static CalendarDayOverride Off(DateOnly date, string name) => new(date, CalendarDayKind.Holiday, name);
}
