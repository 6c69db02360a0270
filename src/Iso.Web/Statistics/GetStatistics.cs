using System.Globalization;
using System.Linq.Expressions;
using Iso.Data;
using Iso.Data.Cases;
using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Statistics;

/// <summary>Which figures: <see cref="Agency"/> is an agency code or id (empty: the caller's own, or every agency for those
/// who read across agencies; <c>all</c>: every agency, for them only); <see cref="From"/>/<see cref="To"/> are receipt days
/// (default: the last twelve months up to today); <see cref="By"/> is <c>procedure</c> (default) or <c>month</c>.</summary>
public sealed record StatisticsRequest(string? Agency = null, DateOnly? From = null, DateOnly? To = null, string? By = null)
{
    public const int MaxMonths = 36;
}

/// <summary>The figures of one row (a procedure, a month, or the total) over the cases received in the period.
/// <see cref="Late"/> counts every late case: resolved after its appointment, or still open past it;
/// <see cref="OnTimeRate"/> is resolved on time over resolved (null when nothing is resolved).</summary>
public sealed record StatisticsRow(
    string Key,
    string Label,
    int Received,
    int Resolved,
    int ResolvedOnTime,
    int ResolvedLate,
    int InProgress,
    int InProgressOverdue,
    int Late,
    int LateWithApology,
    decimal? OnTimeRate);

/// <summary>A step of a procedure over its tasks completed in the period: how many, the average WORKING time from the
/// task's creation to its completion (<see cref="AverageHours"/>: hours of the working calendar — office hours of working
/// days, so a step spanning a weekend or a holiday does not look slow; ADR 0030), how many were completed after the step's due moment (working time),
/// and whether it is the procedure's bottleneck (the largest share completed late, then the longest average).</summary>
public sealed record StepStatistics(
    string Procedure,
    string ProcedureName,
    string Step,
    string StepTitle,
    int Completed,
    decimal AverageHours,
    int CompletedLate,
    decimal LateShare,
    bool Bottleneck);

public sealed record StatisticsReport(
    Guid? AgencyId,
    string AgencyName,
    DateOnly From,
    DateOnly To,
    string By,
    decimal OnTimeTarget,
    StatisticsRow Total,
    IReadOnlyList<StatisticsRow> Rows,
    IReadOnlyList<StepStatistics> Steps);

/// <summary>An agency the caller may read the statistics of.</summary>
public sealed record StatisticsAgencyOption(Guid Id, string Code, string Name);

/// <summary>What the statistics page reads (the use case; component tests stand in a fake).</summary>
public interface IStatistics
{
    Task<Result<StatisticsReport>> HandleAsync(Caller caller, StatisticsRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StatisticsAgencyOption>> AgenciesAsync(Caller caller, CancellationToken cancellationToken = default);
}

/// <summary>
/// Statistics per agency, procedure and month over the cases received in a period (ADR 0024): received, resolved, on time,
/// late, late with an apology issued, in progress, the on-time rate against the province's 95 % target, and per step the
/// average working time and the share completed late. Resolved cases and steps are read from the pre-aggregated days
/// (ADR 0030, kept by triggers in the same transaction as every change); the open cases (few) are counted live, since
/// "overdue" depends on now. Staff read their own agency; auditors and administrators
/// (who read across agencies) any agency or all of them. Another agency for staff is not found.
/// </summary>
public sealed class GetStatistics(IDbContextFactory<IsoDbContext> contexts, CaseClock clock, CaseProcedures procedures) : IStatistics
{
    public const string ByProcedure = "procedure";
    public const string ByMonth = "month";
    public const string AllAgencies = "all";

    /// <summary>At least 95 % of cases resolved on time (the province's administrative reform plan).</summary>
    public const decimal OnTimeTarget = 0.95m;

    public async Task<Result<StatisticsReport>> HandleAsync(Caller caller, StatisticsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        var today = DateOnly.FromDateTime(clock.ToLocal(clock.Now).DateTime);
        var to = request.To ?? today;
        var from = request.From ?? new DateOnly(to.Year, to.Month, 1).AddMonths(-11);
        var by = string.IsNullOrWhiteSpace(request.By) ? ByProcedure : request.By.Trim().ToLowerInvariant();
        var validation = new Validation().Text("agency", request.Agency, TextLimits.Code);
        if (by is not (ByProcedure or ByMonth))
        {
            validation.Add("by", "Validation_OneOf", $"{ByProcedure}, {ByMonth}");
        }

        if (to < from)
        {
            validation.Add("to", "Validation_ToBeforeFrom");
        }
        else if (MonthsOf(from, to).Count > StatisticsRequest.MaxMonths)
        {
            validation.Add("from", "Validation_StatisticsSpan", StatisticsRequest.MaxMonths);
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, caller, request.Agency?.Trim(), cancellationToken);
        if (!scope.Succeeded)
        {
            return scope.Problem!;
        }

        var (agencyId, agencyName) = scope.Value;
        var months = MonthsOf(from, to);
        var start = clock.StartOfDay(from);
        var end = clock.StartOfDay(to.AddDays(1));
        var boundaries = months.Skip(1).Select(m => clock.StartOfDay(m)).ToArray();
        var now = clock.Now;

        // Resolved cases from the pre-aggregated days (ADR 0030): a few rows per procedure and day, whatever the number of cases.
        var fromDay = from.DayNumber;
        var toDay = to.DayNumber;
        var days = db.Set<CaseStatisticsDay>().AsNoTracking().Where(d => d.Day >= fromDay && d.Day <= toDay);
        if (agencyId is { } agency)
        {
            days = days.Where(d => d.AgencyId == agency);
        }

        var daily = await days
            .GroupBy(d => new { d.DefinitionKey, d.Day })
            .Select(g => new
            {
                g.Key.DefinitionKey,
                g.Key.Day,
                Received = g.Sum(d => d.Received),
                Resolved = g.Sum(d => d.Resolved),
                ResolvedLate = g.Sum(d => d.ResolvedLate),
                WithApology = g.Sum(d => d.ResolvedLateWithApology),
            })
            .ToListAsync(cancellationToken);
        var grouped = new List<Cell>();
        var cellsByKey = new Dictionary<(string Procedure, int Month), Cell>();
        Cell CellOf(string procedure, int month)
        {
            if (!cellsByKey.TryGetValue((procedure, month), out var cell))
            {
                cell = new Cell { Procedure = procedure, Month = month };
                cellsByKey.Add((procedure, month), cell);
                grouped.Add(cell);
            }

            return cell;
        }

        foreach (var d in daily)
        {
            var date = DateOnly.FromDayNumber(d.Day);
            var cell = CellOf(d.DefinitionKey, ((date.Year - months[0].Year) * 12) + date.Month - months[0].Month);
            cell.Received += d.Received;
            cell.Resolved += d.Resolved;
            cell.ResolvedLate += d.ResolvedLate;
            cell.LateWithApology += d.WithApology;
        }

        // Open cases live (few, a partial index): in progress, overdue against now, and those with an issued apology.
        var running = db.Set<WorkflowCaseRecord>().AsNoTracking()
            .Where(c => c.Status == CaseStatus.Running && c.ReceivedAt >= start && c.ReceivedAt < end);
        if (agencyId is { } id)
        {
            running = running.Where(c => c.AgencyId == id);
        }

        var apologies = db.Set<WorkflowApologyRecord>();
        var open = await running
            .GroupBy(MonthAndProcedure(boundaries))
            .Select(g => new
            {
                g.Key.Procedure,
                g.Key.Month,
                InProgress = g.Count(),
                Overdue = g.Count(c => c.DueAt != null && c.DueAt < now),
                OverdueWithApology = g.Count(c => c.DueAt != null && c.DueAt < now && apologies.Any(a => a.CaseId == c.Id && a.IssuedAt != null)),
            })
            .ToListAsync(cancellationToken);
        foreach (var o in open)
        {
            var cell = CellOf(o.Procedure, o.Month);
            cell.InProgress += o.InProgress;
            cell.InProgressOverdue += o.Overdue;
            cell.LateWithApology += o.OverdueWithApology;
        }

        var names = await ProcedureNamesAsync(db, agencyId, grouped.Select(g => g.Procedure), cancellationToken);
        var culture = CultureInfo.InvariantCulture;
        var rows = by == ByMonth
            ? months.Select((m, i) => Row(m.ToString("yyyy-MM", culture), m.ToString("MM/yyyy", culture), grouped.Where(g => g.Month == i))).ToList()
            : grouped.GroupBy(g => g.Procedure, StringComparer.Ordinal)
                .Select(g => Row(g.Key, names.GetValueOrDefault(g.Key, g.Key), g))
                .OrderByDescending(r => r.Received).ThenBy(r => r.Label, StringComparer.Ordinal)
                .ToList();
        var steps = await StepsAsync(db, agencyId, fromDay, toDay, names, cancellationToken);
        return new StatisticsReport(agencyId, agencyName, from, to, by, OnTimeTarget, Row("total", string.Empty, grouped), rows, steps);
    }

    public async Task<IReadOnlyList<StatisticsAgencyOption>> AgenciesAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agencies = db.Agencies.AsNoTracking();
        if (!caller.MayReadAcrossAgencies)
        {
            agencies = agencies.Where(a => a.Id == caller.AgencyId);
        }

        return await agencies.OrderBy(a => a.SortOrder).ThenBy(a => a.Name)
            .Select(a => new StatisticsAgencyOption(a.Id, a.Code, a.Name))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The first day of every month the period touches.</summary>
    internal static List<DateOnly> MonthsOf(DateOnly from, DateOnly to)
    {
        var months = new List<DateOnly>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to && months.Count <= StatisticsRequest.MaxMonths; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        return months;
    }

    private static async Task<Result<(Guid? Id, string Name)>> ScopeAsync(IsoDbContext db, Caller caller, string? agency, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(agency) ? caller.MayReadAcrossAgencies : string.Equals(agency, AllAgencies, StringComparison.OrdinalIgnoreCase))
        {
            return caller.MayReadAcrossAgencies
                ? ((Guid?)null, string.Empty)
                : Problem.Forbidden("Problem_StatisticsAllAgencies");
        }

        var query = db.Agencies.AsNoTracking();
        query = string.IsNullOrEmpty(agency) ? query.Where(a => a.Id == caller.AgencyId)
            : Guid.TryParse(agency, out var id) ? query.Where(a => a.Id == id)
            : query.Where(a => a.Code == agency);
        var found = await query.Select(a => new { a.Id, a.Name }).SingleOrDefaultAsync(cancellationToken);
        // Another agency's figures are not found for those who read only their own.
        return found is null || !caller.MayRead(found.Id)
            ? Problem.NotFound("Problem_AgencyNotFound", agency ?? string.Empty)
            : ((Guid?)found.Id, found.Name);
    }

    /// <summary>Group key: the procedure and the receipt month's index (0 = the first month), as a CASE over the month
    /// boundaries so the database groups; instants compare as stored (UTC ticks on SQLite, timestamptz on PostgreSQL).</summary>
    private static Expression<Func<WorkflowCaseRecord, MonthKey>> MonthAndProcedure(DateTimeOffset[] boundaries)
    {
        var c = Expression.Parameter(typeof(WorkflowCaseRecord), "c");
        var received = Expression.Property(c, nameof(WorkflowCaseRecord.ReceivedAt));
        Expression month = Expression.Constant(boundaries.Length);
        for (var i = boundaries.Length - 1; i >= 0; i--)
        {
            month = Expression.Condition(Expression.LessThan(received, Expression.Constant(boundaries[i])), Expression.Constant(i), month);
        }

        var body = Expression.MemberInit(
            Expression.New(typeof(MonthKey)),
            Expression.Bind(typeof(MonthKey).GetProperty(nameof(MonthKey.Procedure))!, Expression.Property(c, nameof(WorkflowCaseRecord.DefinitionKey))),
            Expression.Bind(typeof(MonthKey).GetProperty(nameof(MonthKey.Month))!, month));
        return Expression.Lambda<Func<WorkflowCaseRecord, MonthKey>>(body, c);
    }

    private static StatisticsRow Row(string key, string label, IEnumerable<Cell> cells)
    {
        int received = 0, resolved = 0, resolvedLate = 0, inProgress = 0, overdue = 0, withApology = 0;
        foreach (var cell in cells)
        {
            received += cell.Received;
            resolved += cell.Resolved;
            resolvedLate += cell.ResolvedLate;
            inProgress += cell.InProgress;
            overdue += cell.InProgressOverdue;
            withApology += cell.LateWithApology;
        }

        var onTime = resolved - resolvedLate;
        return new StatisticsRow(key, label, received, resolved, onTime, resolvedLate, inProgress, overdue, resolvedLate + overdue, withApology,
            resolved == 0 ? null : decimal.Round((decimal)onTime / resolved, 4));
    }

    private async Task<Dictionary<string, string>> ProcedureNamesAsync(
        IsoDbContext db, Guid? agencyId, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var names = agencyId is { } id ? await GetInbox.ProcedureNamesAsync(db, id, cancellationToken) : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys.Distinct(StringComparer.Ordinal).Where(k => !names.ContainsKey(k)).ToList())
        {
            if (await procedures.FindAsync(agencyId ?? Guid.Empty, key, cancellationToken) is { } procedure)
            {
                names[key] = procedure.Definition.Name;
            }
        }

        return names;
    }

    /// <summary>Per procedure and step over the tasks created in the period (local days) and completed, from the
    /// pre-aggregated days (ADR 0030): count, average WORKING hours from creation to completion (working calendar), and
    /// how many were completed after their due moment.</summary>
    private async Task<IReadOnlyList<StepStatistics>> StepsAsync(
        IsoDbContext db, Guid? agencyId, int fromDay, int toDay, Dictionary<string, string> names, CancellationToken cancellationToken)
    {
        var days = db.Set<StepStatisticsDay>().AsNoTracking().Where(d => d.Day >= fromDay && d.Day <= toDay);
        if (agencyId is { } id)
        {
            days = days.Where(d => d.AgencyId == id);
        }

        var sums = await days
            .GroupBy(d => new { d.DefinitionKey, d.NodeId })
            .Select(g => new
            {
                g.Key.DefinitionKey,
                g.Key.NodeId,
                Completed = g.Sum(d => d.Completed),
                CompletedLate = g.Sum(d => d.CompletedLate),
                Timed = g.Sum(d => d.Timed),
                Minutes = g.Sum(d => d.WorkingMinutes),
            })
            .ToListAsync(cancellationToken);
        var rows = sums.Where(r => r.Completed > 0)
            .Select(r => new StepRow
            {
                Procedure = r.DefinitionKey,
                Step = r.NodeId,
                Completed = r.Completed,
                CompletedLate = r.CompletedLate,
                AverageHours = r.Timed == 0 ? 0 : r.Minutes / 60.0 / r.Timed,
            })
            .ToList();

        var result = new List<StepStatistics>(rows.Count);
        foreach (var procedure in rows.GroupBy(r => r.Procedure, StringComparer.Ordinal))
        {
            var definition = (await procedures.FindAsync(agencyId ?? Guid.Empty, procedure.Key, cancellationToken))?.Definition;
            var order = definition?.Nodes.ToDictionary(n => n.Id, n => n.Index, StringComparer.Ordinal) ?? [];
            var titles = definition?.Nodes.OfType<UserTaskNode>().ToDictionary(n => n.Id, n => n.Title, StringComparer.Ordinal) ?? [];
            var views = procedure
                .Select(r => (Row: r, Share: r.Completed == 0 ? 0m : decimal.Round((decimal)r.CompletedLate / r.Completed, 4)))
                .ToList();
            var bottleneck = views.OrderByDescending(v => v.Share).ThenByDescending(v => v.Row.AverageHours).First().Row.Step;
            result.AddRange(views
                .OrderBy(v => order.GetValueOrDefault(v.Row.Step, int.MaxValue)).ThenBy(v => v.Row.Step, StringComparer.Ordinal)
                .Select(v => new StepStatistics(
                    procedure.Key, names.GetValueOrDefault(procedure.Key, procedure.Key), v.Row.Step, titles.GetValueOrDefault(v.Row.Step, v.Row.Step),
                    v.Row.Completed, decimal.Round((decimal)v.Row.AverageHours, 2), v.Row.CompletedLate, v.Share,
                    string.Equals(v.Row.Step, bottleneck, StringComparison.Ordinal))));
        }

        return result;
    }

    private sealed class MonthKey
    {
        public required string Procedure { get; init; }

        public int Month { get; init; }
    }

    private sealed class Cell
    {
        public required string Procedure { get; init; }

        public int Month { get; init; }

        public int Received { get; set; }

        public int Resolved { get; set; }

        public int ResolvedLate { get; set; }

        public int InProgress { get; set; }

        public int InProgressOverdue { get; set; }

        public int LateWithApology { get; set; }
    }

    /// <summary>A row of the per-step aggregate, as the database answers it.</summary>
    internal sealed class StepRow
    {
        public required string Procedure { get; init; }

        public required string Step { get; init; }

        public int Completed { get; init; }

        public double AverageHours { get; init; }

        public int CompletedLate { get; init; }
    }
}
