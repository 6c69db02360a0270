using System.Globalization;
using Iso.Workflows.Calendar;

namespace Iso.Web.Components.Pages.Cases;

/// <summary>Dates and working time as the case pages print them: local (the calendar's zone), dd/MM/yyyy HH:mm.</summary>
public static class CaseFormat
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static DateTimeOffset Local(this WorkingCalendar calendar, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return TimeZoneInfo.ConvertTime(instant, calendar.TimeZone);
    }

    public static string DateTime(this WorkingCalendar calendar, DateTimeOffset? instant) =>
        instant is { } i ? calendar.Local(i).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Date(this WorkingCalendar calendar, DateTimeOffset? instant) =>
        instant is { } i ? calendar.Local(i).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : "—";

    /// <summary>"ngày 21 tháng 8 năm 2026" as Vietnamese documents write a date.</summary>
    public static string LongVietnameseDate(this WorkingCalendar calendar, DateTimeOffset instant)
    {
        var local = calendar.Local(instant);
        return string.Create(Vietnamese, $"ngày {local.Day:00} tháng {local.Month:00} năm {local.Year}");
    }

    /// <summary>Working hours in the reader's language: "2 ngày 4 giờ" / "2 days 4 h" (8 hours a working day), or "30 phút".</summary>
    public static string Hours(decimal hours) => Hours(hours, CultureInfo.CurrentUICulture);

    /// <summary>Working hours in the given language; Vietnamese forms (the receipt) pass vi-VN whatever the reader chose.</summary>
    public static string Hours(decimal hours, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var english = culture.TwoLetterISOLanguageName == "en";
        var minutes = (int)Math.Round(hours * 60m);
        var days = minutes / (8 * 60);
        var rest = minutes % (8 * 60);
        var parts = new List<string>();
        if (days > 0)
        {
            parts.Add(english ? (days == 1 ? "1 day" : string.Create(culture, $"{days} days")) : string.Create(Vietnamese, $"{days} ngày"));
        }

        if (rest >= 60)
        {
            parts.Add(english ? string.Create(culture, $"{rest / 60} h") : string.Create(Vietnamese, $"{rest / 60} giờ"));
        }

        if (rest % 60 > 0 && days == 0)
        {
            parts.Add(english ? string.Create(culture, $"{rest % 60} min") : string.Create(Vietnamese, $"{rest % 60} phút"));
        }

        return parts.Count == 0 ? (english ? "0 h" : "0 giờ") : string.Join(' ', parts);
    }

    /// <summary>The culture of the printed one-stop forms (Vietnamese by law, whatever the reader's language).</summary>
    public static CultureInfo FormCulture => Vietnamese;
}
