using System.Globalization;
using System.Text.RegularExpressions;
using Iso.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Iso.Web.Components;

/// <summary>A typed date, parsed: empty (no date), a date, or what is wrong with the text.</summary>
public readonly record struct ParsedDate(DateOnly? Date, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>Dates as people type and read them in a text field: dd/MM/yyyy in both languages, the product's date format
/// (<see cref="Iso.Web.Cases.CaseClock"/> prints every date that way whatever the reader's language; en-US's own
/// M/d/yyyy would contradict the dates printed next to the field). The address and saved filters keep ISO yyyy-MM-dd;
/// only what the person sees and types is dd/MM/yyyy.</summary>
public static partial class DateText
{
    /// <summary>The format shown and expected (placeholder, examples).</summary>
    public const string Pattern = "dd/MM/yyyy";

    /// <summary>The HTML <c>pattern</c> of a date field (v-flag syntax): d/M/yyyy with /, . or - between, or eight
    /// digits in a row (ddMMyyyy), since a phone's numeric keyboard often has no "/".</summary>
    public const string HtmlPattern = @"[0-9]{1,2}[\/.\-][0-9]{1,2}[\/.\-][0-9]{4}|[0-9]{8}";

    public static string Format(DateOnly? date) => date?.ToString(Pattern, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>The ISO form the address carries (yyyy-MM-dd); empty for no date.</summary>
    public static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>An ISO yyyy-MM-dd date (the address, a native date input's value); null for anything else.</summary>
    public static DateOnly? ParseIso(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>Reads dd/MM/yyyy (also d/M/yyyy, with "." or "-" between, or ddMMyyyy); blank is no date. An invalid text
    /// gets a sentence saying what is wrong: not a date at all, the year, the month, or a day the month does not have
    /// (31/02/2026).</summary>
    public static ParsedDate Parse(string? text, IStringLocalizer<SharedResource> l)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return new ParsedDate(null, null);
        }

        var match = DatePattern().Match(trimmed);
        if (!match.Success)
        {
            return new ParsedDate(null, l["DateText_Invalid", trimmed]);
        }

        var year = match.Groups["y"].Value;
        if (year.Length != 4 || year == "0000")
        {
            return new ParsedDate(null, l["DateText_Year"]);
        }

        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var m = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var d = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (m is < 1 or > 12)
        {
            return new ParsedDate(null, l["DateText_Month", m]);
        }

        var days = DateTime.DaysInMonth(y, m);
        if (d < 1 || d > days)
        {
            return new ParsedDate(null, l["DateText_Day", d, m.ToString("00", CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture), days]);
        }

        return new ParsedDate(new DateOnly(y, m, d), null);
    }

    /// <summary>The format of a moment (date and time of day), as <see cref="Iso.Web.Cases.CaseClock"/> prints it.</summary>
    public const string MomentPattern = "dd/MM/yyyy HH:mm";

    public static string FormatMoment(DateTime? local) => local?.ToString(MomentPattern, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>Reads dd/MM/yyyy HH:mm (the date as <see cref="Parse"/> reads it; the time H:mm, H.mm or HhMM), a local
    /// time of day; blank is no moment. An invalid text gets a sentence saying what is wrong, the time missing included.</summary>
    public static (DateTime? Local, string? Error) ParseMoment(string? text, IStringLocalizer<SharedResource> l)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return (null, null);
        }

        var match = MomentRegex().Match(trimmed);
        if (!match.Success)
        {
            return DatePattern().IsMatch(trimmed) ? (null, l["DateText_TimeMissing"]) : (null, l["DateText_InvalidMoment", trimmed]);
        }

        var date = Parse(match.Groups["date"].Value, l);
        if (!date.IsValid)
        {
            return (null, date.Error);
        }

        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture);
        if (hour > 23 || minute > 59)
        {
            return (null, l["DateText_Time", $"{match.Groups["h"].Value}:{match.Groups["min"].Value}"]);
        }

        return (date.Date!.Value.ToDateTime(new TimeOnly(hour, minute)), null);
    }

    [GeneratedRegex(@"^(?<date>[0-9./\-]+)\s*[, ]\s*(?<h>[0-9]{1,2})[:hg.](?<min>[0-9]{2})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MomentRegex();

    [GeneratedRegex(@"^(?:(?<d>[0-9]{1,2})[/.\-](?<m>[0-9]{1,2})[/.\-](?<y>[0-9]+)|(?<d>[0-9]{2})(?<m>[0-9]{2})(?<y>[0-9]{4}))$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();
}
