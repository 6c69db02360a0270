using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Cases;
using Iso.Workflows.Calendar;
using Microsoft.AspNetCore.Authorization;

namespace Iso.Web.Calendar;

/// <summary>Whether the working calendar needs an administrator: the years whose official days off nobody entered.</summary>
public sealed class CalendarStatus(ICalendarDataSource source, CaseClock clock, IAuthorizationService authorization)
{
    /// <summary>From this month on, next year's schedule is expected (the government announces Tết in the autumn).</summary>
    public const int NextYearExpectedFromMonth = 10;

    /// <summary>For the administrator's home page: the current year, and from October the next, when not entered; empty for anyone else.</summary>
    public async Task<IReadOnlyList<int>> MissingYearsAsync(Caller caller) =>
        await authorization.AllowsAsync(caller, IsoPolicies.ManageOrganisation) ? MissingYears() : [];

    internal IReadOnlyList<int> MissingYears()
    {
        var today = DateOnly.FromDateTime(clock.ToLocal(clock.Now).DateTime);
        int[] expected = today.Month >= NextYearExpectedFromMonth ? [today.Year, today.Year + 1] : [today.Year];
        return [.. expected.Where(y => source.GetYear(y) is null)];
    }
}
