using Iso.Data;
using Iso.Data.Calendar;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Calendar;

/// <summary>A year of the working calendar as the administrator sees it: what was entered (if anything) beside the
/// default computed from the Labour Code.</summary>
public sealed record CalendarYearView(
    int Year, bool IsEntered, IReadOnlyList<CalendarDayOverride> Days, IReadOnlyList<CalendarDayOverride> ComputedDefault);

/// <summary>A due moment already given that a calendar change would move: the case's appointment or an open task's deadline.
/// Stored due moments are never moved silently; this list is shown before and after saving.</summary>
public sealed record DueChange(
    Guid CaseId, Guid? TaskId, Guid AgencyId, string DefinitionKey, string? Reference, string? TaskTitle,
    DateTimeOffset CurrentDue, DateTimeOffset NewDue);

/// <summary>One entry of the calendar's history: who, when, which day, what changed (JSON of old and new values).</summary>
public sealed record CalendarChange(DateTimeOffset At, string? UserName, string EntityType, string EntityId, string Action, string Changes);

/// <summary>Entering a year's official days off and make-up working days (page, API and the <c>calendar set</c> verb):
/// administrators only. The verb runs as the machine's operator and uses the unchecked methods.</summary>
public sealed class WorkingCalendarAdministration(
    IDbContextFactory<IsoDbContext> contexts,
    DatabaseCalendarDataSource storedDays,
    IWorkingCalendar calendar,
    ICalendarDataSource source,
    IOptions<WorkingCalendarOptions> calendarOptions,
    IAuthorizationService authorization,
    Cases.CaseClock clock)
{
    public async Task<Result<CalendarYearView>> GetYearAsync(Caller caller, int year)
    {
        if (!await authorization.AllowsAsync(caller, IsoPolicies.ManageOrganisation))
        {
            return Problem.Forbidden("Calendar_NotAllowed");
        }

        return CheckYear(year) ?? Result.Ok(GetYear(year));
    }

    public async Task<Result<IReadOnlyList<DueChange>>> PreviewAsync(Caller caller, int year, IReadOnlyCollection<CalendarDayOverride> days, CancellationToken cancellationToken = default)
    {
        if (!await authorization.AllowsAsync(caller, IsoPolicies.ManageOrganisation))
        {
            return Problem.Forbidden("Calendar_NotAllowed");
        }

        return CheckYear(year) ?? CheckDays(year, days) ?? Result.Ok(await FindDueChangesAsync(year, days, cancellationToken));
    }

    public async Task<Result<IReadOnlyList<DueChange>>> SaveAsync(Caller caller, int year, IReadOnlyCollection<CalendarDayOverride> days, CancellationToken cancellationToken = default)
    {
        if (!await authorization.AllowsAsync(caller, IsoPolicies.ManageOrganisation))
        {
            return Problem.Forbidden("Calendar_NotAllowed");
        }

        return CheckYear(year) ?? CheckDays(year, days) ?? Result.Ok(await SaveAsync(year, days, cancellationToken));
    }

    /// <summary>Who changed the year's days and when (the append-only history), newest first.</summary>
    public async Task<Result<IReadOnlyList<CalendarChange>>> GetHistoryAsync(Caller caller, int year, CancellationToken cancellationToken = default)
    {
        if (!await authorization.AllowsAsync(caller, IsoPolicies.ManageOrganisation))
        {
            return Problem.Forbidden("Calendar_NotAllowed");
        }

        var prefix = year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.History.AsNoTracking()
            .Where(h => (h.EntityType == nameof(CalendarDay) && h.EntityId.StartsWith(prefix)) || (h.EntityType == nameof(CalendarYear) && h.EntityId == prefix))
            .OrderByDescending(h => h.Id)
            .Take(200)
            .Select(h => new CalendarChange(h.At, h.UserName, h.EntityType, h.EntityId, h.Action, h.Changes))
            .ToListAsync(cancellationToken);
        return Result.Ok<IReadOnlyList<CalendarChange>>(rows);
    }

    private static Problem? CheckYear(int year) =>
        year is < 2000 or > 2100 ? Problem.Invalid("year", "Calendar_YearOutOfRange", year) : null;

    private static Problem? CheckDays(int year, IReadOnlyCollection<CalendarDayOverride> days)
    {
        try
        {
            CalendarYearEditor.Validate(year, days);
            return null;
        }
        catch (ArgumentException invalid)
        {
            return Problem.Invalid(new Dictionary<string, IReadOnlyList<Message>>
            {
                ["days"] = [Message.Verbatim(invalid.Message.Split(" (Parameter", 2)[0])],
            });
        }
    }

    internal CalendarYearView GetYear(int year)
    {
        var entered = source.GetYear(year);
        var workingDays = calendarOptions.Value.ParseWorkingDays();
        return new CalendarYearView(year, entered is not null, entered ?? [], StatutoryHolidays.For(year, workingDays));
    }

    /// <summary>The due moments of running cases and open tasks that <paramref name="days"/> as the year's schedule would move.</summary>
    internal async Task<IReadOnlyList<DueChange>> FindDueChangesAsync(int year, IReadOnlyCollection<CalendarDayOverride> days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        var proposed = new WorkingCalendar(calendarOptions, new OverlaySource(source, year, [.. days]));
        var yearStart = clock.StartOfDay(new DateOnly(year, 1, 1));
        var yearEnd = yearStart.AddYears(1);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Only an interval [start, due] that touches the year can move.
        var cases = await db.Set<WorkflowCaseRecord>().AsNoTracking()
            .Where(c => c.Status == CaseStatus.Running && c.DueAt != null && c.DueAt >= yearStart && c.CountedFrom < yearEnd)
            .Select(c => new { c.Id, c.AgencyId, c.DefinitionKey, c.Reference, c.CountedFrom, DueAt = c.DueAt!.Value })
            .ToListAsync(cancellationToken);
        var tasks = await (
                from t in db.Set<WorkflowTaskRecord>().AsNoTracking()
                join c in db.Set<WorkflowCaseRecord>() on t.CaseId equals c.Id
                where t.Status == WorkflowTaskStatus.Open && t.DueAt != null && t.AllottedHours != null && t.DueAt >= yearStart && t.CreatedAt < yearEnd
                select new { t.Id, t.CaseId, t.AgencyId, t.DefinitionKey, c.Reference, t.Title, t.CreatedAt, c.CountedFrom, DueAt = t.DueAt!.Value, Hours = t.AllottedHours!.Value })
            .ToListAsync(cancellationToken);

        var changes = new List<DueChange>();
        foreach (var c in cases)
        {
            var moved = proposed.AddWorkingTime(c.CountedFrom, calendar.WorkingTimeBetween(c.CountedFrom, c.DueAt));
            if (moved != c.DueAt)
            {
                changes.Add(new DueChange(c.Id, null, c.AgencyId, c.DefinitionKey, c.Reference, null, c.DueAt, moved));
            }
        }

        foreach (var t in tasks)
        {
            // As the engine counts a step: from its creation, or from the case's counting start when that is later.
            var start = t.CreatedAt > t.CountedFrom ? t.CreatedAt : t.CountedFrom;
            var moved = proposed.AddWorkingTime(start, WorkingDuration.FromHours(t.Hours));
            if (moved != t.DueAt)
            {
                changes.Add(new DueChange(t.CaseId, t.Id, t.AgencyId, t.DefinitionKey, t.Reference, t.Title, t.DueAt, moved));
            }
        }

        return [.. changes.OrderBy(c => c.CurrentDue).ThenBy(c => c.CaseId)];
    }

    /// <summary>Makes <paramref name="days"/> the year's schedule (with history) and returns the due moments it would move,
    /// which stay as given.</summary>
    /// <exception cref="ArgumentException">A day outside the year, repeated, unnamed, or a make-up working day on a weekday; nothing is stored.</exception>
    internal async Task<IReadOnlyList<DueChange>> SaveAsync(int year, IReadOnlyCollection<CalendarDayOverride> days, CancellationToken cancellationToken = default)
    {
        CalendarYearEditor.Validate(year, days);
        var changes = await FindDueChangesAsync(year, days, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await new CalendarYearEditor(db, storedDays).ReplaceYearAsync(year, days, cancellationToken);
        return changes;
    }


    /// <summary>The stored calendar with one year replaced by the proposed days.</summary>
    private sealed class OverlaySource(ICalendarDataSource inner, int year, IReadOnlyList<CalendarDayOverride> days) : ICalendarDataSource
    {
        public IReadOnlyList<CalendarDayOverride>? GetYear(int y) => y == year ? days : inner.GetYear(y);
    }
}
