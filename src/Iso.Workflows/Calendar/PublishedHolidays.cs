namespace Iso.Workflows.Calendar;

/// <summary>
/// Days off and make-up working days exactly as the government announced them
/// (2025; 2026 per Notice 9441/TB-BNV). Seeded into the database, where an administrator may edit them;
/// years not listed here fall back to the computed statutory calendar.
/// </summary>
public static class PublishedHolidays
{
    public static IReadOnlyCollection<int> Years => [2025, 2026];

    /// <summary>The announced days of <paramref name="year"/>, or null when the year was not announced here.</summary>
    public static IReadOnlyList<CalendarDayOverride>? For(int year) => year switch
    {
        2025 =>
        [
            Off(2025, 1, 1, "Tết Dương lịch"),
            .. Range(new DateOnly(2025, 1, 25), new DateOnly(2025, 2, 2), "Tết Nguyên đán"),
            Off(2025, 4, 7, "Giỗ Tổ Hùng Vương"),
            Worked(2025, 4, 26, "Làm bù cho ngày 02/05"),
            Off(2025, 4, 30, "Ngày Chiến thắng"),
            Off(2025, 5, 1, "Ngày Quốc tế Lao động"),
            Off(2025, 5, 2, "Nghỉ hoán đổi (làm bù thứ Bảy 26/04)"),
            .. Range(new DateOnly(2025, 5, 3), new DateOnly(2025, 5, 4), "Nghỉ lễ 30/04 – 01/05"),
            .. Range(new DateOnly(2025, 8, 30), new DateOnly(2025, 9, 2), "Quốc khánh"),
        ],
        2026 =>
        [
            Off(2026, 1, 1, "Tết Dương lịch"),
            .. Range(new DateOnly(2026, 2, 14), new DateOnly(2026, 2, 22), "Tết Nguyên đán"),
            Off(2026, 4, 27, "Giỗ Tổ Hùng Vương (nghỉ bù cho Chủ nhật 26/04)"),
            Off(2026, 4, 26, "Giỗ Tổ Hùng Vương"),
            Off(2026, 4, 30, "Ngày Chiến thắng"),
            Off(2026, 5, 1, "Ngày Quốc tế Lao động"),
            .. Range(new DateOnly(2026, 5, 2), new DateOnly(2026, 5, 3), "Nghỉ lễ 30/04 – 01/05"),
            Worked(2026, 8, 22, "Làm bù cho ngày 31/08"),
            .. Range(new DateOnly(2026, 8, 29), new DateOnly(2026, 9, 2), "Quốc khánh"),
        ],
        _ => null,
    };

    private static CalendarDayOverride Off(int y, int m, int d, string name) => new(new DateOnly(y, m, d), CalendarDayKind.Holiday, name);

    private static CalendarDayOverride Worked(int y, int m, int d, string name) => new(new DateOnly(y, m, d), CalendarDayKind.WorkingDay, name);

    private static IEnumerable<CalendarDayOverride> Range(DateOnly first, DateOnly last, string name)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return new CalendarDayOverride(day, CalendarDayKind.Holiday, name);
        }
    }
}
