using System.Globalization;

namespace Iso.Workflows.Calendar;

/// <summary>One office period of a working day, e.g. 07:30–11:30.</summary>
public readonly record struct OfficePeriod(TimeOnly Start, TimeOnly End)
{
    public TimeSpan Length => End - Start;

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";
}

/// <summary>
/// Office hours and counting rules of the working calendar, bound from configuration section <see cref="SectionName"/>.
/// Collections are written as text (<c>"07:30-11:30, 13:00-17:00"</c>) because the configuration binder
/// appends to, rather than replaces, a collection that already holds defaults.
/// </summary>
public sealed class WorkingCalendarOptions
{
    public const string SectionName = "Iso:Calendar";

    /// <summary>Office periods of a working day, comma-separated <c>HH:mm-HH:mm</c>, in order and not overlapping.</summary>
    public string OfficeHours { get; set; } = "07:30-11:30, 13:00-17:00";

    /// <summary>Working weekdays, comma-separated English day names (<c>Monday, Tuesday, …</c>).</summary>
    public string WorkingDays { get; set; } = "Monday, Tuesday, Wednesday, Thursday, Friday";

    /// <summary>A file received after this time of a working day is counted from the start of the next working day.</summary>
    public TimeOnly IntakeCutoff { get; set; } = new(15, 0);

    /// <summary>A task is due soon in the last <see cref="DueSoonFraction"/> of its working time…</summary>
    public decimal DueSoonFraction { get; set; } = 0.25m;

    /// <summary>…but at least this many working hours before its due moment (capped at half of a short task,
    /// so a half-day step does not start out "due soon").</summary>
    public decimal DueSoonMinimumHours { get; set; } = 4m;

    /// <summary>IANA (or Windows) id of the time zone in which office hours are read.</summary>
    public string TimeZoneId { get; set; } = "Asia/Ho_Chi_Minh";

    /// <summary>The office periods, parsed; throws <see cref="FormatException"/> naming the bad part.</summary>
    public IReadOnlyList<OfficePeriod> ParseOfficeHours()
    {
        var periods = new List<OfficePeriod>();
        foreach (var part in Split(OfficeHours))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length != 2
                || !TimeOnly.TryParseExact(bounds[0], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(bounds[1], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                throw new FormatException($"{SectionName}:OfficeHours: '{part}' is not a period 'HH:mm-HH:mm'.");
            }

            periods.Add(new OfficePeriod(start, end));
        }

        return periods;
    }

    /// <summary>The working weekdays, parsed; throws <see cref="FormatException"/> naming the bad part.</summary>
    public IReadOnlySet<DayOfWeek> ParseWorkingDays()
    {
        var days = new HashSet<DayOfWeek>();
        foreach (var part in Split(WorkingDays))
        {
            if (!Enum.TryParse<DayOfWeek>(part, ignoreCase: true, out var day) || !Enum.IsDefined(day) || int.TryParse(part, out _))
            {
                throw new FormatException($"{SectionName}:WorkingDays: '{part}' is not a day name (Monday … Sunday).");
            }

            days.Add(day);
        }

        return days;
    }

    /// <summary>Every problem of these options, one clear message each; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        try
        {
            var periods = ParseOfficeHours();
            if (periods.Count == 0)
            {
                errors.Add($"{SectionName}:OfficeHours: at least one office period is required.");
            }

            for (var i = 0; i < periods.Count; i++)
            {
                if (periods[i].End <= periods[i].Start)
                {
                    errors.Add($"{SectionName}:OfficeHours: period {periods[i]} is empty or ends before it starts.");
                }
                else if (i > 0 && periods[i].Start < periods[i - 1].End)
                {
                    errors.Add($"{SectionName}:OfficeHours: period {periods[i]} must start at or after the end of {periods[i - 1]} (periods in order, not overlapping).");
                }
            }
        }
        catch (FormatException ex)
        {
            errors.Add(ex.Message);
        }

        try
        {
            if (ParseWorkingDays().Count == 0)
            {
                errors.Add($"{SectionName}:WorkingDays: at least one working weekday is required.");
            }
        }
        catch (FormatException ex)
        {
            errors.Add(ex.Message);
        }

        if (DueSoonFraction is < 0m or > 1m)
        {
            errors.Add($"{SectionName}:DueSoonFraction: {DueSoonFraction.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1.");
        }

        if (DueSoonMinimumHours < 0m)
        {
            errors.Add($"{SectionName}:DueSoonMinimumHours: {DueSoonMinimumHours.ToString(CultureInfo.InvariantCulture)} must not be negative.");
        }

        if (string.IsNullOrWhiteSpace(TimeZoneId))
        {
            errors.Add($"{SectionName}:TimeZoneId: a time zone id is required (e.g. Asia/Ho_Chi_Minh).");
        }
        else if (!TryResolveTimeZone(TimeZoneId, out _))
        {
            errors.Add($"{SectionName}:TimeZoneId: time zone '{TimeZoneId}' is not known on this machine.");
        }

        return errors;
    }

    /// <summary>A time zone by IANA or Windows id; Vietnam's zone even where the machine has no time-zone data.</summary>
    public static bool TryResolveTimeZone(string id, out TimeZoneInfo zone)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            zone = found;
            return true;
        }

        // A container without tzdata must still count Vietnamese time; Vietnam has kept UTC+7 without DST since 1975.
        if (id is "Asia/Ho_Chi_Minh" or "Asia/Saigon" or "SE Asia Standard Time")
        {
            zone = TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", TimeSpan.FromHours(7), "Giờ Việt Nam (UTC+7)", "Giờ Việt Nam (UTC+7)");
            return true;
        }

        zone = TimeZoneInfo.Utc;
        return false;
    }

    private static string[] Split(string? text) =>
        (text ?? string.Empty).Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
