using Iso.Workflows.Calendar;

namespace Iso.Workflows.Tests.Calendar;

public sealed class StatutoryHolidaysTests
{
    private static HashSet<DateOnly> Off(int year) => [.. StatutoryHolidays.For(year).Where(d => d.Kind == CalendarDayKind.Holiday).Select(d => d.Date)];

    [Fact]
    public void For2027_TetBreakIsTheLastDayOfTheYearAndMung1To4_WithWeekendDaysReplaced()
    {
        // Tết 2027 is Sat 06/02: off Fri 05/02 – Tue 09/02, Sat and Sun replaced by Wed 10/02 and Thu 11/02.
        var off = Off(2027);
        for (var day = new DateOnly(2027, 2, 5); day <= new DateOnly(2027, 2, 11); day = day.AddDays(1))
        {
            Assert.Contains(day, off);
        }

        Assert.DoesNotContain(new DateOnly(2027, 2, 4), off);
        Assert.DoesNotContain(new DateOnly(2027, 2, 12), off);
    }

    [Fact]
    public void For2028_NewYearOnSaturday_IsReplacedByMonday()
    {
        Assert.Contains(new DateOnly(2028, 1, 3), Off(2028));
    }

    [Fact]
    public void For2028_30AprilOnSunday_IsReplacedByTheNextWorkingDayNotAlreadyOff()
    {
        // 30/04/2028 is a Sunday and Mon 01/05 is itself a holiday, so the replacement is Tue 02/05.
        var off = Off(2028);
        Assert.Contains(new DateOnly(2028, 5, 1), off);
        Assert.Contains(new DateOnly(2028, 5, 2), off);
        Assert.DoesNotContain(new DateOnly(2028, 5, 3), off);
    }

    [Theory]
    [InlineData(2021, 3)] // Thu → Fri 03/09
    [InlineData(2022, 1)] // Fri → Thu 01/09
    [InlineData(2024, 3)] // Mon → Tue 03/09
    [InlineData(2025, 1)] // Tue → Mon 01/09
    [InlineData(2026, 1)] // Wed → Tue 01/09
    public void NationalDayAdjacentDay_JoinsTheBreakToTheWeekendAsTheGovernmentChose(int year, int day)
    {
        Assert.Equal(new DateOnly(year, 9, day), StatutoryHolidays.NationalDayAdjacentDay(year));
    }

    [Fact]
    public void For2026_ComputedStatutoryDaysAgreeWithTheNotice()
    {
        // Notice 9441/TB-BNV: statutory Tết days Mon 16/02 – Fri 20/02; Giỗ Tổ Sun 26/04 → Mon 27/04; 1/9–2/9.
        var off = Off(2026);
        for (var day = new DateOnly(2026, 2, 16); day <= new DateOnly(2026, 2, 20); day = day.AddDays(1))
        {
            Assert.Contains(day, off);
        }

        Assert.Contains(new DateOnly(2026, 4, 27), off);
        Assert.Contains(new DateOnly(2026, 9, 1), off);
        Assert.Contains(new DateOnly(2026, 9, 2), off);
        Assert.Equal(11 + 1, off.Count); // 11 statutory days + the replacement of Giỗ Tổ
    }

    [Fact]
    public void For_HasElevenStatutoryDaysPlusReplacements()
    {
        foreach (var year in Enumerable.Range(2027, 10))
        {
            var days = StatutoryHolidays.For(year);
            Assert.Equal(11, days.Count(d => !d.Name.StartsWith("Nghỉ bù", StringComparison.Ordinal)));
            Assert.All(days.Where(d => d.Name.StartsWith("Nghỉ bù", StringComparison.Ordinal)),
                d => Assert.True(d.Date.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday, $"{d.Date} replacement on a weekend"));
        }
    }
}
