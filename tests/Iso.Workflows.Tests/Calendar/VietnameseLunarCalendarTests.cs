using System.Globalization;
using Iso.Workflows.Calendar;

namespace Iso.Workflows.Tests.Calendar;

public sealed class VietnameseLunarCalendarTests
{
    [Theory]
    [InlineData(2020, "2020-01-25")]
    [InlineData(2021, "2021-02-12")]
    [InlineData(2022, "2022-02-01")]
    [InlineData(2023, "2023-01-22")]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    [InlineData(2028, "2028-01-26")]
    [InlineData(2029, "2029-02-13")]
    [InlineData(2030, "2030-02-02")] // China: 03/02/2030 (the new moon is at 23:07 in Hà Nội, 00:07 in Beijing)
    public void NewYear_MatchesPublishedTetDates(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), VietnameseLunarCalendar.NewYear(year));
    }

    [Fact]
    public void NewYear2007_IsTheVietnameseDate_NotTheChineseOne()
    {
        Assert.Equal(new DateOnly(2007, 2, 17), VietnameseLunarCalendar.NewYear(2007));
        var chinese = new ChineseLunisolarCalendar().ToDateTime(2007, 1, 1, 0, 0, 0, 0);
        Assert.Equal(new DateTime(2007, 2, 18), chinese);
    }

    [Fact]
    public void NewYear1985_IsTheVietnameseDate_NotTheChineseOne()
    {
        Assert.Equal(new DateOnly(1985, 1, 21), VietnameseLunarCalendar.NewYear(1985));
        Assert.Equal(new DateTime(1985, 2, 20), new ChineseLunisolarCalendar().ToDateTime(1985, 1, 1, 0, 0, 0, 0));
    }

    [Fact]
    public void NewYear2030_IsTheVietnameseDate_NotTheChineseOne()
    {
        Assert.Equal(new DateOnly(2030, 2, 2), VietnameseLunarCalendar.NewYear(2030));
        Assert.Equal(new DateTime(2030, 2, 3), new ChineseLunisolarCalendar().ToDateTime(2030, 1, 1, 0, 0, 0, 0));
    }

    [Theory]
    [InlineData(2023, "2023-04-29")]
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    [InlineData(2026, "2026-04-26")]
    public void GioTo_IsTheTenthDayOfTheThirdMonth(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), VietnameseLunarCalendar.ToSolar(year, 3, 10));
    }

    [Fact]
    public void LeapMonths_AreFoundAndNamed()
    {
        // 2023 (Quý Mão) has a leap 2nd month, 2025 (Ất Tỵ) a leap 6th month.
        Assert.Equal(new DateOnly(2023, 3, 22), VietnameseLunarCalendar.ToSolar(2023, 2, 1, leapMonth: true));
        Assert.Equal(new LunarDate(2023, 2, 1, true), VietnameseLunarCalendar.FromSolar(new DateOnly(2023, 3, 22)));
        Assert.Equal(new DateOnly(2025, 7, 25), VietnameseLunarCalendar.ToSolar(2025, 6, 1, leapMonth: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.ToSolar(2026, 6, 1, leapMonth: true));
    }

    [Fact]
    public void FromSolar_OfTet_IsTheFirstDayOfTheYear()
    {
        Assert.Equal(new LunarDate(2026, 1, 1, false), VietnameseLunarCalendar.FromSolar(new DateOnly(2026, 2, 17)));
        // Tháng Chạp Ất Tỵ has 29 days: Tết 2026 has no "30 Tết".
        Assert.Equal(new LunarDate(2025, 12, 29, false), VietnameseLunarCalendar.FromSolar(new DateOnly(2026, 2, 16)));
        Assert.Throws<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.ToSolar(2025, 12, 30));
    }

    [Fact]
    public void ToSolar_RoundTripsEveryDayOf2000To2040()
    {
        for (var day = new DateOnly(2000, 1, 1); day < new DateOnly(2041, 1, 1); day = day.AddDays(1))
        {
            var lunar = VietnameseLunarCalendar.FromSolar(day);
            Assert.Equal(day, VietnameseLunarCalendar.ToSolar(lunar.Year, lunar.Month, lunar.Day, lunar.IsLeapMonth));
        }
    }
}
