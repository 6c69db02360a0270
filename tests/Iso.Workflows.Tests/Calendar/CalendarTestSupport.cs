using Iso.Workflows.Calendar;
using Microsoft.Extensions.Options;

namespace Iso.Workflows.Tests.Calendar;

internal static class CalendarTestSupport
{
    public static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    public static WorkingCalendar Create(ICalendarDataSource? source = null, Action<WorkingCalendarOptions>? configure = null)
    {
        var options = new WorkingCalendarOptions();
        configure?.Invoke(options);
        return new WorkingCalendar(Options.Create(options), source ?? new PublishedHolidaysDataSource());
    }

    /// <summary>A local Vietnamese moment (UTC+7).</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Vietnam);

    public sealed class FixedDataSource(int year, params CalendarDayOverride[] days) : ICalendarDataSource
    {
        public IReadOnlyList<CalendarDayOverride>? GetYear(int requested) => requested == year ? days : null;
    }
}
