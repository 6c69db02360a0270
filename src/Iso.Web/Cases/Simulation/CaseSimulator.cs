using System.Globalization;
using Iso.Data;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases.Simulation;

/// <summary>How a simulated case ends: resolved on time, resolved late (with or without the engine issuing an apology when
/// its appointment passes), or still in progress after <see cref="CasePlan.StepsDone"/> steps.</summary>
public enum CaseFate
{
    OnTime,
    Late,
    LateWithApology,
    InProgress,
}

/// <summary>One case to play: received at <see cref="ReceivedAt"/>; its steps take <see cref="Pace"/> times the procedure's
/// time limit in working time, shared over the steps by their allotted durations (the step that is not counted takes an
/// hour); <see cref="StepsDone"/> only for cases left in progress.</summary>
public sealed record CasePlan(Guid AgencyId, string ProcedureKey, DateTimeOffset ReceivedAt, CaseFate Fate, decimal Pace, int StepsDone = int.MaxValue)
{
    /// <summary>A case code taken beforehand (bulk loading); otherwise one is allocated at the start.</summary>
    public string? Code { get; init; }

    /// <summary>When set, the case stops as soon as a task of this step is open (a demo inbox's work in progress).</summary>
    public string? StopAt { get; init; }

    /// <summary>With <see cref="StopAt"/>: the moment the person who may do the stopped step claims it (null: it stays
    /// unclaimed for the unit, or with the person the step names).</summary>
    public DateTimeOffset? ClaimAt { get; init; }
}

/// <summary>A case being played: its id, code, due moment and the simulated moment it has reached.</summary>
public sealed class SimulatedCase(CasePlan plan, Guid id, string code, DateTimeOffset? dueAt, DateTimeOffset now)
{
    public CasePlan Plan { get; } = plan;

    public Guid Id { get; } = id;

    public string Code { get; } = code;

    public DateTimeOffset? DueAt { get; } = dueAt;

    public DateTimeOffset Now { get; internal set; } = now;

    public int StepsDone { get; internal set; }

    public bool Finished { get; internal set; }
}

/// <summary>
/// Plays cases through the engine with a clock set back in time (ADR 0024): a case is started at its received moment and
/// each task is completed by a person of the agency whose role and unit the step names (the assignee when the step names
/// one), at the moment its share of the time limit has passed. Every command is the engine's own — journals chain and
/// verify, timers are set and cancelled, apologies are the engine's <c>apology.issue</c> fired by the case's overdue
/// timer — only the clock is the case's. Each case has its own runtime and clock, so many cases run at once and the
/// store's group commit batches their transactions.
/// </summary>
public sealed class CaseSimulator
{
    private readonly IServiceProvider _services;
    private readonly IWorkingCalendar _calendar;
    private readonly TimeProvider _time;
    private readonly Dictionary<Guid, WorkflowActor> _people;
    private readonly Dictionary<(Guid Agency, string Role, string? Unit), WorkflowActor> _candidates;

    // Bulk seeding (ADR 0027): the engine's store and definitions are these instead of the database's.
    private readonly IWorkflowStore? _store;
    private readonly IWorkflowDefinitionStore? _definitions;

    private CaseSimulator(IServiceProvider services, Dictionary<Guid, WorkflowActor> people,
        Dictionary<(Guid, string, string?), WorkflowActor> candidates, IWorkflowStore? store = null, IWorkflowDefinitionStore? definitions = null)
    {
        _services = services;
        _calendar = services.GetRequiredService<IWorkingCalendar>();
        _time = services.GetRequiredService<TimeProvider>();
        _people = people;
        _candidates = candidates;
        _store = store;
        _definitions = definitions;
    }

    /// <summary>The same people playing on another store (a batch in memory, ADR 0027) with the given definitions: every
    /// command is still the engine's own, with the same calendar, clock and journal key.</summary>
    internal CaseSimulator On(IWorkflowStore store, IWorkflowDefinitionStore definitions) =>
        new(_services, _people, _candidates, store, definitions);

    /// <summary>Reads the active people of the given agencies with their roles and unit; each step is then done by the
    /// first of them (by user name) who may do it, so the same person does a step every time.</summary>
    public static async Task<CaseSimulator> CreateAsync(IServiceProvider services, IReadOnlyCollection<Guid> agencies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(agencies);
        // A scope of its own: the seeder passes the root provider, where a scoped factory must not be resolved
        // (Development validates scopes: `seed --cases` failed there).
        await using var scope = services.CreateAsyncScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<IsoDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && agencies.Contains(u.AgencyId))
            .OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.AgencyId, UnitCode = u.Unit == null ? null : u.Unit.Code })
            .ToListAsync(cancellationToken);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var rolesOf = roles.ToLookup(r => r.UserId, r => r.Name!);
        var people = new Dictionary<Guid, WorkflowActor>();
        var candidates = new Dictionary<(Guid, string, string?), WorkflowActor>();
        foreach (var user in users)
        {
            var actor = new WorkflowActor(user.Id, [.. rolesOf[user.Id]], user.UnitCode is null ? [] : [user.UnitCode]);
            people[user.Id] = actor;
            foreach (var role in actor.Roles)
            {
                candidates.TryAdd((user.AgencyId, role, null), actor);
                if (user.UnitCode is not null)
                {
                    candidates.TryAdd((user.AgencyId, role, user.UnitCode), actor);
                }
            }
        }

        return new CaseSimulator(services, people, candidates);
    }

    /// <summary>Whether every step of the procedure has a person of the agency to do it (a step done by the person of an
    /// earlier step needs nobody else).</summary>
    public bool CanRun(Guid agencyId, WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Nodes.OfType<UserTaskNode>().All(n =>
            n.Assignee?.StartsWith("sameAs:", StringComparison.Ordinal) == true
            || _candidates.ContainsKey((agencyId, n.Candidate.Role, n.Candidate.Unit)));
    }

    /// <summary>Who takes the agency's cases of the procedure in at the desk: the person who does its first step of the
    /// reception unit (its intake), or null when it has none.</summary>
    public Guid? ReceptionClerk(Guid agencyId, WorkflowDefinition definition, string receptionUnitCode)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var intake = definition.Nodes.OfType<UserTaskNode>().FirstOrDefault(n => n.Candidate.Unit == receptionUnitCode);
        return intake is not null && _candidates.TryGetValue((agencyId, intake.Candidate.Role, intake.Candidate.Unit), out var clerk) ? clerk.UserId : null;
    }

    /// <summary>Starts the case at its received moment with a case code of that day.</summary>
    public async Task<SimulatedCase> StartAsync(CasePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var scope = _services.CreateAsyncScope();
        var code = plan.Code ?? await scope.ServiceProvider.GetRequiredService<CaseCodes>().AllocateAsync(plan.AgencyId, plan.ReceivedAt, cancellationToken);
        var clock = new SimulationClock(_time, plan.ReceivedAt);
        var runtime = Runtime(scope.ServiceProvider, clock);
        var started = await runtime.StartCaseAsync(
            new StartCaseCommand(plan.AgencyId, plan.ProcedureKey, ReceivedAt: plan.ReceivedAt, Reference: code, Code: code), cancellationToken);
        var record = await Store(scope.ServiceProvider).FindCaseAsync(started.CaseId, cancellationToken)
            ?? throw new InvalidOperationException($"Case {started.CaseId} vanished after its start.");
        return new SimulatedCase(plan, started.CaseId, code, record.DueAt, plan.ReceivedAt);
    }

    /// <summary>Completes the case's open tasks one after another at their planned moments, as long as a moment is no
    /// later than <paramref name="until"/> (and the plan's steps are not all done).</summary>
    public async Task AdvanceAsync(SimulatedCase simulated, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulated);
        await using var scope = _services.CreateAsyncScope();
        var store = Store(scope.ServiceProvider);
        var procedures = _definitions is null ? scope.ServiceProvider.GetRequiredService<CaseProcedures>()
            : ActivatorUtilities.CreateInstance<CaseProcedures>(scope.ServiceProvider, _definitions);
        var record = await store.FindCaseAsync(simulated.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Case {simulated.Id} not found.");
        var definition = (await procedures.OfCaseAsync(record, cancellationToken))!.Definition;
        var clock = new SimulationClock(_time, simulated.Now);
        var runtime = Runtime(scope.ServiceProvider, clock);
        var open = (await store.GetTasksOfCaseAsync(simulated.Id, cancellationToken)).Where(t => t.Status == WorkflowTaskStatus.Open).ToList();
        var stopAt = simulated.Plan.StopAt;
        while (!simulated.Finished && simulated.StepsDone < simulated.Plan.StepsDone && open.Count > 0
            && (stopAt is null || !open.Any(t => t.NodeId == stopAt)))
        {
            var task = open.OrderBy(t => t.CreatedAt).ThenBy(t => t.NodeId, StringComparer.Ordinal).First();
            var node = definition.Nodes.OfType<UserTaskNode>().Single(n => n.Id == task.NodeId);
            var at = _calendar.AddWorkingTime(simulated.Now, ShareOf(definition, node, simulated.Plan.Pace));
            if (at > until)
            {
                return;
            }

            clock.Now = at;
            var actor = task.AssigneeId is { } assignee && _people.TryGetValue(assignee, out var person) ? person
                : _candidates.GetValueOrDefault((task.AgencyId, task.CandidateRole, task.CandidateUnitCode))
                  ?? throw new InvalidOperationException($"No one in agency {task.AgencyId} may do step '{task.NodeId}' ({task.CandidateRole}/{task.CandidateUnitCode}).");
            var outcome = node.Outcomes.FirstOrDefault(o => !o.RequireComment) ?? node.Outcomes[0];
            var result = await runtime.CompleteTaskAsync(
                new CompleteTaskCommand(task.Id, actor, outcome.Name, outcome.RequireComment ? "Đã xử lý." : null, Form(node, simulated.Code, at)),
                cancellationToken);
            simulated.Now = at;
            simulated.StepsDone++;
            simulated.Finished = result.Status != CaseStatus.Running;
            open = [.. result.OpenTasks];
        }
    }

    /// <summary>The person who may do it claims each open, unassigned task of the plan's <see cref="CasePlan.StopAt"/>
    /// step at <paramref name="at"/>, as from their inbox; returns how many.</summary>
    public async Task<int> ClaimStoppedAsync(SimulatedCase simulated, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulated);
        await using var scope = _services.CreateAsyncScope();
        var store = Store(scope.ServiceProvider);
        var runtime = Runtime(scope.ServiceProvider, new SimulationClock(_time, at));
        var claimed = 0;
        foreach (var task in await store.GetTasksOfCaseAsync(simulated.Id, cancellationToken))
        {
            if (task.Status != WorkflowTaskStatus.Open || task.AssigneeId is not null || task.NodeId != simulated.Plan.StopAt
                || !_candidates.TryGetValue((task.AgencyId, task.CandidateRole, task.CandidateUnitCode), out var actor))
            {
                continue;
            }

            await runtime.ClaimTaskAsync(new ClaimTaskCommand(task.Id, actor), cancellationToken);
            claimed++;
        }

        simulated.Now = at;
        return claimed;
    }

    /// <summary>Fires the timers due by <paramref name="at"/> (a case's overdue timer issues its apology), as the timer
    /// service would have then.</summary>
    public async Task<int> FireTimersAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var scope = _services.CreateAsyncScope();
        var runtime = Runtime(scope.ServiceProvider, new SimulationClock(_time, at));
        var fired = 0;
        int batch;
        do
        {
            batch = await runtime.FireDueTimersAsync("seed", 100, cancellationToken);
            fired += batch;
        }
        while (batch > 0);
        return fired;
    }

    /// <summary>A leader of the case's agency signs and issues the apology letter the overdue timer drafted, at
    /// <paramref name="at"/> (ADR 0023: the engine drafts, a leader issues); false when the agency has no leader.</summary>
    public async Task<bool> IssueApologyAsync(SimulatedCase simulated, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulated);
        if (!_candidates.TryGetValue((simulated.Plan.AgencyId, Iso.Data.Identity.IsoRoles.Leader, null), out var leader))
        {
            return false;
        }

        await using var scope = _services.CreateAsyncScope();
        var runtime = Runtime(scope.ServiceProvider, new SimulationClock(_time, at));
        await runtime.IssueApologyAsync(new IssueApologyCommand(simulated.Id, leader), cancellationToken);
        return true;
    }

    /// <summary>Plays a whole case that needs no timer: started, then advanced to its end (or its planned step).</summary>
    public async Task<SimulatedCase> PlayAsync(CasePlan plan, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var simulated = await StartAsync(plan, cancellationToken);
        await AdvanceAsync(simulated, until, cancellationToken);
        return simulated;
    }

    /// <summary>A step's share of the planned working time: its allotted duration over the counted steps' total, times the
    /// pace and the time limit; a step that is not counted (delivery) takes an hour.</summary>
    internal static WorkingDuration ShareOf(WorkflowDefinition definition, UserTaskNode node, decimal pace)
    {
        if (node.Duration is { NotCounted: true } || node.Duration?.ToWorkingDuration() is not { } own)
        {
            return WorkingDuration.FromHours(1);
        }

        var total = definition.Nodes.OfType<UserTaskNode>()
            .Select(n => n.Duration is { NotCounted: false } d ? d.ToWorkingDuration()?.Hours ?? 0m : 0m).Sum();
        var limit = definition.TimeLimit?.ToWorkingDuration()?.Hours ?? total;
        var hours = total == 0 ? 1m : own.Hours / total * limit * pace;
        return WorkingDuration.FromHours(decimal.Round(Math.Max(hours, 0.1m), 2));
    }

    private static Dictionary<string, string?> Form(UserTaskNode node, string code, DateTimeOffset at)
    {
        var form = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in node.Form)
        {
            form[field.Name] = field.Type switch
            {
                FieldType.Boolean => "true",
                FieldType.Number => "1",
                FieldType.Date => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ when field.Name == "applicantName" => DemoApplicants.For(code).Name,
                _ => field.Name.Contains("No", StringComparison.Ordinal) ? code : "Đã xử lý theo quy định.",
            };
        }

        return form;
    }

    private WorkflowRuntime Runtime(IServiceProvider services, TimeProvider clock) =>
        _store is null ? ActivatorUtilities.CreateInstance<WorkflowRuntime>(services, clock)
            : ActivatorUtilities.CreateInstance<WorkflowRuntime>(services, clock, _store, _definitions!);

    private IWorkflowStore Store(IServiceProvider services) => _store ?? services.GetRequiredService<IWorkflowStore>();

    /// <summary>A clock that stands where the simulation puts it; the zone is the application's.</summary>
    private sealed class SimulationClock(TimeProvider system, DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

        public override TimeZoneInfo LocalTimeZone => system.LocalTimeZone;
    }
}
