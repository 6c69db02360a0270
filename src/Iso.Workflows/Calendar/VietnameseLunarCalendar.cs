namespace Iso.Workflows.Calendar;

/// <summary>A date of the Vietnamese lunisolar calendar (âm lịch).</summary>
public readonly record struct LunarDate(int Year, int Month, int Day, bool IsLeapMonth);

/// <summary>
/// The Vietnamese lunisolar calendar, computed astronomically for the UTC+7 meridian
/// (Hồ Ngọc Đức's method: new moons and solar terms after Meeus, "Astronomical Algorithms").
/// System.Globalization.ChineseLunisolarCalendar is not used because it counts days on the UTC+8
/// meridian and differs from the Vietnamese calendar in some years (Tết 1985, 2007).
/// </summary>
public static class VietnameseLunarCalendar
{
    /// <summary>Vietnam's meridian, in hours east of Greenwich.</summary>
    public const double TimeZoneHours = 7.0;

    /// <summary>The first and last Gregorian years for which the series used here are accurate enough to the day.</summary>
    public const int MinYear = 1800;

    public const int MaxYear = 2199;

    private const double SynodicMonth = 29.530588853;

    // Julian day of the new moon of 1900-01-01 that starts Meeus' lunation count k.
    private const double Lunation0 = 2415021.076998695;

    /// <summary>Mùng 1 Tết: the Gregorian date of the first day of lunar year <paramref name="lunarYear"/>.</summary>
    public static DateOnly NewYear(int lunarYear) => ToSolar(lunarYear, 1, 1);

    /// <summary>The Gregorian date of a lunar date; <paramref name="leapMonth"/> selects the intercalary (nhuận) month.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year, month or day is out of range, or the year has no such leap month.</exception>
    public static DateOnly ToSolar(int lunarYear, int month, int day, bool leapMonth = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lunarYear, MinYear + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lunarYear, MaxYear);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        ArgumentOutOfRangeException.ThrowIfLessThan(day, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(day, 30);

        long a11, b11;
        if (month < 11)
        {
            a11 = LunarMonth11(lunarYear - 1);
            b11 = LunarMonth11(lunarYear);
        }
        else
        {
            a11 = LunarMonth11(lunarYear);
            b11 = LunarMonth11(lunarYear + 1);
        }

        var offset = month - 11;
        if (offset < 0)
        {
            offset += 12;
        }

        if (b11 - a11 > 365)
        {
            var leapOffset = LeapMonthOffset(a11);
            var leapMonthNumber = leapOffset - 2;
            if (leapMonthNumber < 0)
            {
                leapMonthNumber += 12;
            }

            if (leapMonth && month != leapMonthNumber)
            {
                throw new ArgumentOutOfRangeException(nameof(leapMonth), $"Lunar year {lunarYear} has no leap month {month}.");
            }

            if (leapMonth || offset >= leapOffset)
            {
                offset++;
            }
        }
        else if (leapMonth)
        {
            throw new ArgumentOutOfRangeException(nameof(leapMonth), $"Lunar year {lunarYear} has no leap month.");
        }

        var k = Floor(0.5 + ((a11 - Lunation0) / SynodicMonth));
        var monthStart = NewMoonDay(k + offset);
        var result = FromJulianDay(monthStart + day - 1);
        if (day == 30 && FromSolar(result).Day != 30)
        {
            throw new ArgumentOutOfRangeException(nameof(day), $"Lunar month {month}/{lunarYear} has only 29 days.");
        }

        return result;
    }

    /// <summary>The lunar date of a Gregorian date.</summary>
    public static LunarDate FromSolar(DateOnly date)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(date.Year, MinYear + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(date.Year, MaxYear - 1);

        var dayNumber = JulianDay(date);
        var k = Floor((dayNumber - Lunation0) / SynodicMonth);
        var monthStart = NewMoonDay(k + 1);
        if (monthStart > dayNumber)
        {
            monthStart = NewMoonDay(k);
        }

        var a11 = LunarMonth11(date.Year);
        var b11 = a11;
        int lunarYear;
        if (a11 >= monthStart)
        {
            lunarYear = date.Year;
            a11 = LunarMonth11(date.Year - 1);
        }
        else
        {
            lunarYear = date.Year + 1;
            b11 = LunarMonth11(date.Year + 1);
        }

        var lunarDay = (int)(dayNumber - monthStart + 1);
        var diff = (int)Floor((monthStart - a11) / 29.0);
        var isLeap = false;
        var lunarMonth = diff + 11;
        if (b11 - a11 > 365)
        {
            var leapDiff = LeapMonthOffset(a11);
            if (diff >= leapDiff)
            {
                lunarMonth = diff + 10;
                isLeap = diff == leapDiff;
            }
        }

        if (lunarMonth > 12)
        {
            lunarMonth -= 12;
        }

        if (lunarMonth >= 11 && diff < 4)
        {
            lunarYear--;
        }

        return new LunarDate(lunarYear, lunarMonth, lunarDay, isLeap);
    }

    private static long JulianDay(DateOnly date) => date.DayNumber + 1721426L;

    private static DateOnly FromJulianDay(long julianDay) => DateOnly.FromDayNumber((int)(julianDay - 1721426L));

    private static long Floor(double value) => (long)Math.Floor(value);

    /// <summary>Julian day (with fraction, UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, abridged).</summary>
    private static double NewMoon(long k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        const double dr = Math.PI / 180;
        var jd1 = 2415020.75933 + (29.53058868 * k) + (0.0001178 * t2) - (0.000000155 * t3);
        jd1 += 0.00033 * Math.Sin((166.56 + (132.87 * t) - (0.009173 * t2)) * dr);
        var m = 359.2242 + (29.10535608 * k) - (0.0000333 * t2) - (0.00000347 * t3);
        var mpr = 306.0253 + (385.81691806 * k) + (0.0107306 * t2) + (0.00001236 * t3);
        var f = 21.2964 + (390.67050646 * k) - (0.0016528 * t2) - (0.00000239 * t3);
        var c1 = ((0.1734 - (0.000393 * t)) * Math.Sin(m * dr)) + (0.0021 * Math.Sin(2 * dr * m));
        c1 = c1 - (0.4068 * Math.Sin(mpr * dr)) + (0.0161 * Math.Sin(dr * 2 * mpr));
        c1 -= 0.0004 * Math.Sin(dr * 3 * mpr);
        c1 = c1 + (0.0104 * Math.Sin(dr * 2 * f)) - (0.0051 * Math.Sin(dr * (m + mpr)));
        c1 = c1 - (0.0074 * Math.Sin(dr * (m - mpr))) + (0.0004 * Math.Sin(dr * ((2 * f) + m)));
        c1 = c1 - (0.0004 * Math.Sin(dr * ((2 * f) - m))) - (0.0006 * Math.Sin(dr * ((2 * f) + mpr)));
        c1 = c1 + (0.0010 * Math.Sin(dr * ((2 * f) - mpr))) + (0.0005 * Math.Sin(dr * ((2 * mpr) + m)));
        var deltaT = t < -11
            ? 0.001 + (0.000839 * t) + (0.0002261 * t2) - (0.00000845 * t3) - (0.000000081 * t * t3)
            : -0.000278 + (0.000265 * t) + (0.000262 * t2);
        return jd1 + c1 - deltaT;
    }

    /// <summary>The local (UTC+7) day number on which the k-th new moon falls.</summary>
    private static long NewMoonDay(long k) => Floor(NewMoon(k) + 0.5 + (TimeZoneHours / 24));

    /// <summary>Sun's apparent longitude in radians, 0..2π, at Julian day <paramref name="jdn"/> (UT).</summary>
    private static double SunLongitude(double jdn)
    {
        var t = (jdn - 2451545.0) / 36525;
        var t2 = t * t;
        const double dr = Math.PI / 180;
        var m = 357.52910 + (35999.05030 * t) - (0.0001559 * t2) - (0.00000048 * t * t2);
        var l0 = 280.46645 + (36000.76983 * t) + (0.0003032 * t2);
        var dl = (1.914600 - (0.004817 * t) - (0.000014 * t2)) * Math.Sin(dr * m);
        dl = dl + ((0.019993 - (0.000101 * t)) * Math.Sin(dr * 2 * m)) + (0.000290 * Math.Sin(dr * 3 * m));
        var l = (l0 + dl) * dr;
        return l - (Math.PI * 2 * Math.Floor(l / (Math.PI * 2)));
    }

    /// <summary>The solar-term sector (0..11, 30° each) of the sun at the start of local day <paramref name="dayNumber"/>.</summary>
    private static int SunSector(long dayNumber) => (int)Math.Floor(SunLongitude(dayNumber - 0.5 - (TimeZoneHours / 24)) / Math.PI * 6);

    /// <summary>Day number of the start of the 11th lunar month (the one containing the winter solstice) of year <paramref name="year"/>.</summary>
    private static long LunarMonth11(int year)
    {
        var off = JulianDay(new DateOnly(year, 12, 31)) - 2415021;
        var k = Floor(off / SynodicMonth);
        var newMoon = NewMoonDay(k);
        if (SunSector(newMoon) >= 9)
        {
            newMoon = NewMoonDay(k - 1);
        }

        return newMoon;
    }

    /// <summary>Which month after month 11 is the leap month: the first one without a major solar term.</summary>
    private static int LeapMonthOffset(long a11)
    {
        var k = Floor(((a11 - Lunation0) / SynodicMonth) + 0.5);
        var i = 1;
        var arc = SunSector(NewMoonDay(k + i));
        int last;
        do
        {
            last = arc;
            i++;
            arc = SunSector(NewMoonDay(k + i));
        }
        while (arc != last && i < 14);

        return i - 1;
    }
}
