using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Iso.Web.Calendar;

/// <summary>Whether the working calendar needs an administrator: the years whose official days off nobody entered.</summary>
public sealed class CalendarStatus(
    ICalendarDataSource source, IOptions<WorkingCalendarOptions> options, IAuthorizationService authorization, TimeProvider clock)
{
    /// <summary>From this month on, next year's schedule is expected (the government announces Tết in the autumn).</summary>
    public const int NextYearExpectedFromMonth = 10;

    /// <summary>For the administrator's home page: the current year, and from October the next, when not entered; empty for anyone else.</summary>
    public async Task<IReadOnlyList<int>> MissingYearsAsync(Caller caller) =>
        await authorization.AllowsAsync(caller, IsoPolicies.ManageOrganisation) ? MissingYears() : [];

    internal IReadOnlyList<int> MissingYears()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        int[] expected = today.Month >= NextYearExpectedFromMonth ? [today.Year, today.Year + 1] : [today.Year];
        return [.. expected.Where(y => source.GetYear(y) is null)];
    }
}
