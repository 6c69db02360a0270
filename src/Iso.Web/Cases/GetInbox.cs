using Iso.Data;
using Iso.Web.Application;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Cases;

/// <summary>The caller's inbox: open tasks of their own agency assigned to them or open to their role and unit, by due date.
/// Cross-agency readers get their own agency's inbox too: reading other agencies' cases never makes their tasks one's work.</summary>
public sealed class GetInbox(
    IWorkflowRuntime runtime,
    IDbContextFactory<IsoDbContext> contexts,
    IWorkingCalendar calendar,
    CaseClock clock,
    WorkflowDefinitionCatalog catalog,
    IOptions<WorkflowOptions> workflowOptions)
{
    /// <summary>One page of the inbox, filtered, sorted by due moment (no due moment last), then by creation.</summary>
    public async Task<Result<InboxPage>> HandleAsync(Caller caller, InboxRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var status = string.IsNullOrWhiteSpace(request.Status) ? InboxStatus.All : request.Status.Trim();
        var roles = caller.Roles.ToArray();
        var units = caller.UnitCodes.ToArray();
        var me = caller.UserId;
        var now = clock.Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = db.Set<WorkflowTaskRecord>().AsNoTracking()
            .Where(t => t.AgencyId == caller.AgencyId && t.Status == WorkflowTaskStatus.Open);
        // "Mine" is the assigned half of who may see a task alone: the other half (unclaimed, by role and unit) cannot hold
        // for a task assigned to the caller, so it is left out of the SQL rather than evaluated on every open task of the
        // agency (the API's clients poll this filter; issue 12's load).
        var tasks = status == InboxStatus.Mine
            ? open.Where(t => t.AssigneeId == me)
            : open.Where(t => t.AssigneeId == me
                || (t.AssigneeId == null && roles.Contains(t.CandidateRole)
                    && (t.CandidateUnitCode == null || units.Contains(t.CandidateUnitCode))));
        tasks = status switch
        {
            InboxStatus.Unclaimed => tasks.Where(t => t.AssigneeId == null),
            InboxStatus.Overdue => tasks.Where(t => t.DueAt != null && t.DueAt < now),
            _ => tasks,
        };
        if (!string.IsNullOrWhiteSpace(request.Procedure))
        {
            var procedure = request.Procedure.Trim();
            tasks = tasks.Where(t => t.DefinitionKey == procedure);
        }

        if (request.ReceivedFrom is { } from)
        {
            var start = clock.StartOfDay(from);
            tasks = tasks.Where(t => db.Set<WorkflowCaseRecord>().Any(c => c.Id == t.CaseId && c.ReceivedAt >= start));
        }

        if (request.ReceivedTo is { } to)
        {
            var end = clock.StartOfDay(to.AddDays(1));
            tasks = tasks.Where(t => db.Set<WorkflowCaseRecord>().Any(c => c.Id == t.CaseId && c.ReceivedAt < end));
        }

        // Two steps so that a page costs the same at any number of cases (ADR 0029): the count and the page's keys are
        // read from the covering index IX_WorkflowTasks_Inbox alone (no table row, no case row touched), then only the
        // page's tasks are read, with their cases' code and received moment, in one query. A page that is not full says
        // the total itself (what precedes it plus its rows), so the count is asked only when the page is full or empty.
        // "Mine" without other filters — what API clients poll — runs as compiled queries: EF translates them once, not
        // on every call (the expression's parameters extracted and the query cache looked up were a tenth of a read's
        // CPU under issue 12's load).
        var skip = (request.Page - 1) * request.PageSize;
        var plainMine = status == InboxStatus.Mine && string.IsNullOrWhiteSpace(request.Procedure)
            && request.ReceivedFrom is null && request.ReceivedTo is null;
        var ids = plainMine
            ? await ToListAsync(MinePageIds(db, caller.AgencyId, me, skip, request.PageSize), cancellationToken)
            : await InDueOrder(tasks).Skip(skip).Take(request.PageSize).Select(t => t.Id).ToListAsync(cancellationToken);
        var total = ids.Count > 0 && ids.Count < request.PageSize
            ? skip + ids.Count
            : plainMine ? await MineCount(db, caller.AgencyId, me, cancellationToken) : await tasks.CountAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return new InboxPage([], total, request.Page, request.PageSize);
        }

        var rows = await ToListAsync(PageRows(db, [.. ids]), cancellationToken);
        var position = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var names = await CachedProcedureNamesAsync(db, caller.AgencyId, now, cancellationToken);
        var items = rows.OrderBy(r => position[r.Task.Id]).Select(r => ToItem(r.Task, r.Reference, r.ReceivedAt, names, me, now)).ToList();
        return new InboxPage(items, total, request.Page, request.PageSize);
    }

    // The compiled queries spell their filters and order out: a compiled query's expression cannot call helpers. They
    // are those of the "mine" branch above and of InDueOrder.
    private static readonly Func<IsoDbContext, Guid, Guid, int, int, IAsyncEnumerable<Guid>> MinePageIds =
        EF.CompileAsyncQuery((IsoDbContext db, Guid agency, Guid me, int skip, int take) =>
            db.Set<WorkflowTaskRecord>().AsNoTracking()
                .Where(t => t.AgencyId == agency && t.Status == WorkflowTaskStatus.Open && t.AssigneeId == me)
                .OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
                .Skip(skip).Take(take).Select(t => t.Id));

    private static readonly Func<IsoDbContext, Guid, Guid, CancellationToken, Task<int>> MineCount =
        EF.CompileAsyncQuery((IsoDbContext db, Guid agency, Guid me, CancellationToken cancellationToken) =>
            db.Set<WorkflowTaskRecord>().Count(t => t.AgencyId == agency && t.Status == WorkflowTaskStatus.Open && t.AssigneeId == me));

    private static readonly Func<IsoDbContext, Guid[], IAsyncEnumerable<PageRow>> PageRows =
        EF.CompileAsyncQuery((IsoDbContext db, Guid[] ids) =>
            from t in db.Set<WorkflowTaskRecord>().AsNoTracking()
            where ids.Contains(t.Id)
            join c in db.Set<WorkflowCaseRecord>() on t.CaseId equals c.Id
            select new PageRow(t, c.Reference, c.ReceivedAt));

    /// <summary>By due moment (none last), then by creation, then by id: the order of IX_WorkflowTasks_Inbox and _Assignee.</summary>
    private static IQueryable<WorkflowTaskRecord> InDueOrder(IQueryable<WorkflowTaskRecord> tasks) =>
        tasks.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            list.Add(row);
        }

        return list;
    }

    private sealed record PageRow(WorkflowTaskRecord Task, string? Reference, DateTimeOffset ReceivedAt);

    /// <summary>The procedures the caller's filters can name: those published for their agency (its own or the templates).</summary>
    public async Task<IReadOnlyList<ProcedureOption>> ProceduresAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = await ProcedureNamesAsync(db, caller.AgencyId, cancellationToken);
        return [.. names.Select(n => new ProcedureOption(n.Key, n.Value)).OrderBy(p => p.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>Where an open task stands now: its due state and the working hours left (negative once overdue).</summary>
    internal static (string? State, decimal? HoursLeft) Standing(WorkflowTaskRecord task, IWorkflowRuntime runtime, IWorkingCalendar calendar, DateTimeOffset now)
    {
        if (task.Status != WorkflowTaskStatus.Open || task.DueAt is not { } due)
        {
            return (null, null);
        }

        var left = due >= now ? calendar.WorkingTimeBetween(now, due).Hours : -calendar.WorkingTimeBetween(due, now).Hours;
        return (runtime.GetDueState(task).ToString(), decimal.Round(left, 2));
    }

    private InboxItem ToItem(
        WorkflowTaskRecord t, string? reference, DateTimeOffset receivedAt, IReadOnlyDictionary<string, string> names, Guid me, DateTimeOffset now)
    {
        var (state, left) = Standing(t, runtime, calendar, now);
        return new InboxItem(
            t.Id, t.CaseId, t.DefinitionKey, t.NodeId, t.Title, t.CandidateRole, t.CandidateUnitCode, t.AssigneeId, t.Status.ToString(),
            t.CreatedAt, t.DueAt, state, t.ClaimedAt, reference, names.GetValueOrDefault(t.DefinitionKey, t.DefinitionKey), receivedAt, left, t.AssigneeId == me);
    }

    /// <summary><see cref="ProcedureNamesAsync"/> remembered for the engine's published-definition cache duration (5 s by
    /// default) and forgotten at once when this node publishes or retires a procedure (<see cref="WorkflowDefinitionCatalog"/>).</summary>
    private async Task<IReadOnlyDictionary<string, string>> CachedProcedureNamesAsync(
        IsoDbContext db, Guid agencyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (catalog.TryGetProcedureNames(agencyId, now, out var cached))
        {
            return cached;
        }

        var names = await ProcedureNamesAsync(db, agencyId, cancellationToken);
        var duration = workflowOptions.Value.PublishedDefinitionCacheDuration;
        if (duration > TimeSpan.Zero)
        {
            catalog.RememberProcedureNames(agencyId, names, now + duration);
        }

        return names;
    }

    internal static async Task<Dictionary<string, string>> ProcedureNamesAsync(IsoDbContext db, Guid agencyId, CancellationToken cancellationToken)
    {
        var published = await db.Set<StoredDefinition>().AsNoTracking()
            .Where(d => d.Status == DefinitionStatus.Published && (d.OwnerAgencyId == null || d.OwnerAgencyId == agencyId))
            .Select(d => new { d.Key, d.Name, Own = d.OwnerAgencyId != null })
            .ToListAsync(cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        // The agency's own procedure names the key when it has one; otherwise the template does.
        foreach (var d in published.OrderBy(d => d.Own))
        {
            names[d.Key] = d.Name;
        }

        return names;
    }

    private static Problem? Validate(InboxRequest request)
    {
        var validation = new Validation().Text("procedure", request.Procedure, TextLimits.Code);
        if (!string.IsNullOrWhiteSpace(request.Status) && !InboxStatus.Values.Contains(request.Status.Trim(), StringComparer.Ordinal))
        {
            validation.Add("status", "Validation_OneOf", string.Join(", ", InboxStatus.Values));
        }

        if (request.Page < 1)
        {
            validation.Add("page", "Validation_AtLeast", 1);
        }

        if (request.PageSize is < 1 or > InboxRequest.MaxPageSize)
        {
            validation.Add("pageSize", "Validation_Between", 1, InboxRequest.MaxPageSize);
        }

        if (request.ReceivedFrom is { } from && request.ReceivedTo is { } to && to < from)
        {
            validation.Add("receivedTo", "Validation_ToBeforeFrom");
        }

        return validation.Problem;
    }
}
