using System.Globalization;
using Iso.Workflows.Calendar;
using Microsoft.Extensions.Options;

namespace Iso.Web.Procedures;

/// <summary>The agencies' day and clock time (the working calendar's time zone, Vietnam by default), whatever the server's zone.</summary>
public sealed class AgencyTime(TimeProvider clock, IOptions<WorkingCalendarOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZoneId);

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), _zone).DateTime);

    /// <summary>dd/MM/yyyy HH:mm in the agencies' time zone; a dash for nothing.</summary>
    public string Format(DateTimeOffset? at) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, _zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "—";
}
