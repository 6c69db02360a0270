using System.Globalization;
using Iso.Workflows.Calendar;
using Microsoft.Extensions.Options;

namespace Iso.Web.Cases;

/// <summary>Instants of cases as people read them: in the working calendar's time zone (Asia/Ho_Chi_Minh), dd/MM/yyyy HH:mm,
/// and the agency's calendar days as instants for filters. One instance for the app.</summary>
public sealed class CaseClock
{
    private readonly TimeProvider _time;

    public CaseClock(IOptions<WorkingCalendarOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        WorkingCalendarOptions.TryResolveTimeZone(options.Value.TimeZoneId, out var zone);
        Zone = zone ?? TimeZoneInfo.Utc;
    }

    public TimeZoneInfo Zone { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>dd/MM/yyyy HH:mm in the calendar's zone, whatever the reader's language (the product's date format).</summary>
    public string Format(DateTimeOffset instant) => ToLocal(instant).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    public string FormatDate(DateTimeOffset instant) => ToLocal(instant).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>The first instant of a calendar day in the calendar's zone.</summary>
    public DateTimeOffset StartOfDay(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
