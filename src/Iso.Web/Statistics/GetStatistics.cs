using System.Globalization;
using System.Linq.Expressions;
using Iso.Data;
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

/// <summary>A step of a procedure over its tasks completed in the period: how many, the average time from the task's
/// creation to its completion (clock hours), how many were completed after the step's due moment (working time),
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
/// average time and the share completed late. Every figure is aggregated by the database over covering indexes; only
/// the grouped rows (procedures × months, steps) come back. Staff read their own agency; auditors and administrators
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

        var cases = db.Set<WorkflowCaseRecord>().AsNoTracking().Where(c => c.ReceivedAt >= start && c.ReceivedAt < end);
        if (agencyId is { } id)
        {
            cases = cases.Where(c => c.AgencyId == id);
        }

        // One scan of the covering index: counts per procedure and receipt month (month by CASE over the boundaries).
        var grouped = await cases
            .GroupBy(MonthAndProcedure(boundaries))
            .Select(g => new Cell
            {
                Procedure = g.Key.Procedure,
                Month = g.Key.Month,
                Received = g.Count(),
                Resolved = g.Count(c => c.Status == CaseStatus.Completed),
                ResolvedLate = g.Count(c => c.Status == CaseStatus.Completed && c.DueAt != null && c.CompletedAt > c.DueAt),
                InProgress = g.Count(c => c.Status == CaseStatus.Running),
                InProgressOverdue = g.Count(c => c.Status == CaseStatus.Running && c.DueAt != null && c.DueAt < now),
            })
            .ToListAsync(cancellationToken);

        // Late cases with an apology a leader issued (a draft from the overdue timer does not count): only late cases are probed.
        var apologies = db.Set<WorkflowApologyRecord>();
        var withApology = await cases
            .Where(c => c.DueAt != null
                && ((c.Status == CaseStatus.Completed && c.CompletedAt > c.DueAt) || (c.Status == CaseStatus.Running && c.DueAt < now))
                && apologies.Any(a => a.CaseId == c.Id && a.IssuedAt != null))
            .GroupBy(MonthAndProcedure(boundaries))
            .Select(g => new { g.Key.Procedure, g.Key.Month, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var a in withApology)
        {
            if (grouped.Find(c => c.Procedure == a.Procedure && c.Month == a.Month) is { } cell)
            {
                cell.LateWithApology = a.Count;
            }
        }

        var names = await ProcedureNamesAsync(db, agencyId, grouped.Select(g => g.Procedure), cancellationToken);
        var culture = CultureInfo.InvariantCulture;
        var rows = by == ByMonth
            ? months.Select((m, i) => Row(m.ToString("yyyy-MM", culture), m.ToString("MM/yyyy", culture), grouped.Where(g => g.Month == i))).ToList()
            : grouped.GroupBy(g => g.Procedure, StringComparer.Ordinal)
                .Select(g => Row(g.Key, names.GetValueOrDefault(g.Key, g.Key), g))
                .OrderByDescending(r => r.Received).ThenBy(r => r.Label, StringComparer.Ordinal)
                .ToList();
        var steps = await StepsAsync(db, agencyId, start, end, names, cancellationToken);
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

    /// <summary>Per procedure and step over the tasks created in the period and completed: count, average hours from
    /// creation to completion, and how many were completed after their due moment. Aggregated in SQL: instants are UTC
    /// ticks on SQLite (a difference is ticks) and timestamptz on PostgreSQL (a difference is an interval).</summary>
    private async Task<IReadOnlyList<StepStatistics>> StepsAsync(
        IsoDbContext db, Guid? agencyId, DateTimeOffset start, DateTimeOffset end, Dictionary<string, string> names, CancellationToken cancellationToken)
    {
        var completed = (int)WorkflowTaskStatus.Completed;
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        var hours = sqlite
            ? "AVG(CAST(\"CompletedAt\" - \"CreatedAt\" AS REAL)) / 36000000000.0"
            : "CAST(AVG(EXTRACT(EPOCH FROM (\"CompletedAt\" - \"CreatedAt\"))) AS double precision) / 3600.0";
        object from = sqlite ? start.UtcTicks : start.ToUniversalTime();
        object until = sqlite ? end.UtcTicks : end.ToUniversalTime();
        var agencyFilter = agencyId is null ? string.Empty : "\"AgencyId\" = {3} AND ";
        var sql = $"""
            SELECT "DefinitionKey" AS "Procedure", "NodeId" AS "Step", CAST(COUNT(*) AS INTEGER) AS "Completed",
                   COALESCE({hours}, 0) AS "AverageHours",
                   CAST(SUM(CASE WHEN "DueAt" IS NOT NULL AND "CompletedAt" > "DueAt" THEN 1 ELSE 0 END) AS INTEGER) AS "CompletedLate"
            FROM "WorkflowTasks"
            WHERE {agencyFilter}"Status" = {"{0}"} AND "CreatedAt" >= {"{1}"} AND "CreatedAt" < {"{2}"} AND "CompletedAt" IS NOT NULL
            GROUP BY "DefinitionKey", "NodeId"
            """;
        object[] parameters = agencyId is { } id ? [completed, from, until, id] : [completed, from, until];
        var rows = await db.Database.SqlQueryRaw<StepRow>(sql, parameters).ToListAsync(cancellationToken);

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

        public int Received { get; init; }

        public int Resolved { get; init; }

        public int ResolvedLate { get; init; }

        public int InProgress { get; init; }

        public int InProgressOverdue { get; init; }

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
