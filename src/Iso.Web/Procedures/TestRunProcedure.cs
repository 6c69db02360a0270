using System.Globalization;
using Iso.Data;
using Iso.Web.Application;
using Iso.Workflows.Actions;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Expressions;
using Iso.Workflows.InMemory;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Procedures;

/// <summary>A test run (chạy thử): the file is received at <see cref="ReceivedAt"/>; at each human step the next outcome named for
/// that step in <see cref="Outcomes"/> is taken (a list per step id, used in the order the step is reached). A step with no
/// outcome left takes its first outcome when <see cref="Mode"/> is <c>default</c> (the default), or the run stops there and
/// says which outcomes it offers when <see cref="Mode"/> is <c>step</c>.</summary>
public sealed record TestRunRequest(
    DateTimeOffset? ReceivedAt,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Outcomes = null,
    string? Mode = null)
{
    public const string DefaultMode = "default";
    public const string StepMode = "step";
}

/// <summary>One way out of a step the run may take; <see cref="IsDefault"/> marks the first (the default path's).</summary>
public sealed record TestRunOutcome(string Name, string Label, bool IsDefault, bool RequiresComment);

/// <summary>One human step of the path: who, when it started, when it is due (the agency's working calendar), when it ended
/// (each step uses its whole allotted time; a step whose time is not counted ends at once) and the outcome taken.</summary>
public sealed record TestRunStep(
    int Order,
    string NodeId,
    string Title,
    string Role,
    string? Unit,
    decimal? WorkingHours,
    bool NotCounted,
    DateTimeOffset StartedAt,
    DateTimeOffset CountedFrom,
    DateTimeOffset? DueAt,
    DateTimeOffset? CompletedAt,
    string? Outcome,
    string? OutcomeLabel,
    bool Chosen,
    IReadOnlyList<TestRunOutcome> Outcomes);

/// <summary>A finished or halted test run. <see cref="Status"/>: <c>completed</c> (reached an end), <c>waiting</c> (step mode:
/// <see cref="Waiting"/> needs an outcome), <c>stopped</c> (the step limit was reached, a loop), <c>faulted</c> (automatic
/// work failed). <see cref="OnTime"/> compares the end with the procedure's time limit (null without a limit or an end).</summary>
public sealed record TestRunResult(
    string Key,
    int Version,
    string ETag,
    string Mode,
    DateTimeOffset ReceivedAt,
    DateTimeOffset CountedFrom,
    bool CountedFromNextWorkingPeriod,
    decimal? TimeLimitWorkingHours,
    DateTimeOffset? DueAt,
    string Status,
    string? EndResult,
    string? EndNode,
    DateTimeOffset? EndedAt,
    bool? OnTime,
    IReadOnlyList<TestRunStep> Path,
    TestRunStep? Waiting,
    IReadOnlyList<string> Actions,
    string? Fault);

/// <summary>A version's definition frozen at one moment for test runs: later edits of the draft do not change it. It holds
/// what the engine needs in memory (the text, the agency, its units in force); nothing of a run is stored.</summary>
public sealed class FrozenProcedure
{
    internal FrozenProcedure(Guid agencyId, string agencyCode, string agencyName, string agencyKind, StoredDefinition stored, IReadOnlyList<UnitOption> units)
    {
        AgencyId = agencyId;
        AgencyCode = agencyCode;
        AgencyName = agencyName;
        AgencyKind = agencyKind;
        Key = stored.Key;
        Version = stored.Version;
        Name = stored.Name;
        ETag = ProcedureData.ETag(stored.Revision);
        Json = stored.Json;
        Units = units;
        Definition = WorkflowDefinitionLoader.LoadValid(stored.Json, $"{stored.Key} v{stored.Version}");
    }

    public Guid AgencyId { get; }

    public string AgencyCode { get; }

    public string AgencyName { get; }

    public string AgencyKind { get; }

    public string Key { get; }

    public int Version { get; }

    public string Name { get; }

    /// <summary>The revision the copy was taken at.</summary>
    public string ETag { get; }

    public string Json { get; }

    public IReadOnlyList<UnitOption> Units { get; }

    public WorkflowDefinition Definition { get; }
}

/// <summary>Runs a version of an agency's procedure (a draft or any other) in memory, on the engine itself (in-memory stores,
/// a simulated clock) and the agency's working calendar, so the due moments are those a real case would get. Whoever may read
/// the version may test-run it (auditors too): nothing is stored. A definition with errors cannot run.</summary>
public sealed class TestRunProcedure(
    IDbContextFactory<IsoDbContext> contexts,
    DefinitionChecker checker,
    AgencyTime agencyTime,
    IWorkingCalendar calendar,
    ExpressionEvaluator expressions,
    IOptions<WorkflowOptions> workflowOptions)
{
    /// <summary>Human steps a run takes at most (a loop chosen by hand ends there).</summary>
    public const int MaxSteps = 200;

    private const string Comment = "Chạy thử";

    /// <summary>Freezes the version and runs it once (the contract of <c>POST …/versions/{n}/test-run</c>). When
    /// <paramref name="expectedETag"/> is given and the version has changed since, nothing runs (412).</summary>
    public async Task<Result<TestRunResult>> HandleAsync(
        Caller caller, string? agencyCode, string key, int version, TestRunRequest request, string? expectedETag = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var frozen = await FreezeAsync(caller, agencyCode, key, version, cancellationToken);
        if (!frozen.Succeeded)
        {
            return frozen.Problem!;
        }

        if (expectedETag is not null && ProcedureData.RevisionOf(expectedETag) is { } wanted
            && ProcedureData.ETag(wanted) != frozen.Value.ETag)
        {
            return Problem.Stale("Problem_ProcedureChanged", key, version);
        }

        return await RunAsync(frozen.Value, request, cancellationToken);
    }

    /// <summary>A frozen copy of the version, if the caller may read it and it has no errors.</summary>
    public async Task<Result<FrozenProcedure>> FreezeAsync(Caller caller, string? agencyCode, string key, int version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ProcedureData.AgencyAsync(db, caller, agencyCode, cancellationToken) is not { } agency)
        {
            return Problem.NotFound("Problem_AgencyNotFound", agencyCode ?? string.Empty);
        }

        var stored = await ProcedureData.Versions(db, agency.Id, key).AsNoTracking().SingleOrDefaultAsync(d => d.Version == version, cancellationToken);
        if (stored is null)
        {
            return Problem.NotFound("Problem_ProcedureVersionNotFound", key, version);
        }

        var today = agencyTime.Today;
        var units = await ProcedureCatalogue.ActiveUnitsAsync(db, agency.Id, today, cancellationToken);
        var report = ValidationReport.Of(checker.Check(stored.Json).Concat(checker.CheckUnits(stored.Json, units, today)));
        if (!report.IsValid)
        {
            var errors = report.Errors
                .GroupBy(e => e.Path, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<Message>)[.. g.Select(e => Message.Verbatim(e.Message))], StringComparer.Ordinal);
            return new Problem(ProblemKind.Invalid, new Message("Problem_TestRunHasErrors", report.Errors.Count), errors);
        }

        var kind = await db.Agencies.AsNoTracking().Where(a => a.Id == agency.Id).Select(a => a.KindCode).SingleAsync(cancellationToken);
        return new FrozenProcedure(agency.Id, agency.Code, agency.Name, kind, stored, units);
    }

    /// <summary>Runs the frozen copy from the request's received moment. Nothing is read from or written to the database.</summary>
    public async Task<Result<TestRunResult>> RunAsync(FrozenProcedure procedure, TestRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(request);
        var mode = string.IsNullOrWhiteSpace(request.Mode) ? TestRunRequest.DefaultMode : request.Mode.Trim().ToLowerInvariant();
        if (mode is not (TestRunRequest.DefaultMode or TestRunRequest.StepMode))
        {
            return Problem.Invalid("mode", "Validation_TestRunMode", request.Mode);
        }

        if (request.ReceivedAt is not { } received)
        {
            return Problem.Invalid("receivedAt", "Validation_Required");
        }

        if (received.Year is < 2000 or > 2100)
        {
            return Problem.Invalid("receivedAt", "Validation_TestRunReceivedAt");
        }

        var definition = procedure.Definition;
        var tasks = definition.Nodes.OfType<UserTaskNode>().ToDictionary(n => n.Id, StringComparer.Ordinal);
        var choices = new Dictionary<string, Queue<string>>(StringComparer.Ordinal);
        foreach (var (step, outcomes) in request.Outcomes ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            if (!tasks.TryGetValue(step, out var node))
            {
                return Problem.Invalid($"outcomes.{step}", "Validation_TestRunUnknownStep", step);
            }

            foreach (var outcome in outcomes ?? [])
            {
                if (!node.Outcomes.Any(o => o.Name == outcome))
                {
                    return Problem.Invalid($"outcomes.{step}", "Validation_TestRunUnknownOutcome", outcome, string.Join(", ", node.Outcomes.Select(o => o.Name)));
                }
            }

            choices[step] = new Queue<string>(outcomes ?? []);
        }

        try
        {
            return await new Simulation(procedure, mode, choices, calendar, expressions, workflowOptions.Value).RunAsync(received, cancellationToken);
        }
        catch (ArgumentOutOfRangeException)
        {
            return Problem.Invalid("receivedAt", "Validation_TestRunReceivedAt");
        }
        catch (WorkflowException ex)
        {
            return Problem.Of(ProblemKind.Unprocessable, Message.Verbatim(ex.Message));
        }
    }

    /// <summary>One run: its own engine over in-memory stores, a clock that moves only when a step ends.</summary>
    private sealed class Simulation
    {
        private readonly FrozenProcedure _procedure;
        private readonly string _mode;
        private readonly Dictionary<string, Queue<string>> _choices;
        private readonly SimulatedClock _clock = new();
        private readonly InMemoryWorkflowStore _store = new();
        private readonly List<string> _actions = [];
        private readonly WorkflowRuntime _runtime;
        private readonly IWorkingCalendar _calendar;
        private readonly Dictionary<string, Guid> _people = new(StringComparer.Ordinal);

        public Simulation(
            FrozenProcedure procedure, string mode, Dictionary<string, Queue<string>> choices, IWorkingCalendar calendar, ExpressionEvaluator expressions, WorkflowOptions engineOptions)
        {
            _procedure = procedure;
            _mode = mode;
            _choices = choices;
            _calendar = calendar;
            var definitions = new InMemoryWorkflowDefinitionStore();
            definitions.SaveAsync([new StoredDefinition
            {
                Id = Guid.NewGuid(),
                OwnerAgencyId = procedure.AgencyId,
                Key = procedure.Key,
                Version = procedure.Version,
                Name = procedure.Name,
                Status = DefinitionStatus.Published,
                Json = procedure.Json,
            }]).GetAwaiter().GetResult();
            var directory = new InMemoryOrganisationLookup();
            directory.AddAgency(procedure.AgencyId, procedure.AgencyCode, procedure.AgencyName, procedure.AgencyKind);
            foreach (var unit in procedure.Units)
            {
                directory.AddUnit(procedure.AgencyId, unit.Code, unit.Name);
            }

            // Actions are not performed in a test run (no notice is sent, no document published): they are listed.
            var actionNames = ActionNames(procedure.Definition);
            var handlers = actionNames.Select(name => (IWorkflowActionHandler)new ListedAction(name, _actions)).ToArray();
            var options = new WorkflowOptions { Expressions = engineOptions.Expressions, NotifyNewTasks = false, RunTimerService = false };
            _runtime = new WorkflowRuntime(
                _store, definitions, directory, calendar, expressions, new WorkflowDefinitionCatalog(), handlers,
                Options.Create(options), _clock, HmacJournalCheckpointKey.CreateRandom());
        }

        public async Task<Result<TestRunResult>> RunAsync(DateTimeOffset received, CancellationToken cancellationToken)
        {
            _clock.Now = received;
            var started = await _runtime.StartCaseAsync(
                new StartCaseCommand(_procedure.AgencyId, _procedure.Key, _procedure.Version, PersonFor("initiator"), ReceivedAt: received), cancellationToken);
            var caseId = started.CaseId;
            var path = new List<TestRunStep>();
            TestRunStep? waiting = null;
            var status = "completed";
            var definition = _procedure.Definition;
            var nodes = definition.Nodes.OfType<UserTaskNode>().ToDictionary(n => n.Id, StringComparer.Ordinal);
            var workflowCase = (await _store.FindCaseAsync(caseId, cancellationToken))!;
            var steps = 0;
            while (true)
            {
                workflowCase = (await _store.FindCaseAsync(caseId, cancellationToken))!;
                if (workflowCase.FaultedAt is not null)
                {
                    status = "faulted";
                    break;
                }

                if (workflowCase.Status != CaseStatus.Running)
                {
                    break;
                }

                var open = (await _store.GetTasksOfCaseAsync(caseId, cancellationToken))
                    .Where(t => t.Status == WorkflowTaskStatus.Open)
                    .OrderBy(t => EndOf(t)).ThenBy(t => t.CreatedAt)
                    .ToList();
                var timer = (await _store.GetPendingTimersAsync(caseId, cancellationToken))
                    .Where(t => t.Kind == TimerKind.NodeTimer && t.FaultedAt is null)
                    .MinBy(t => t.DueAt);
                if (open.Count == 0 || (timer is not null && timer.DueAt < EndOf(open[0])))
                {
                    if (timer is null)
                    {
                        status = "stopped";
                        break;
                    }

                    _clock.Now = Max(_clock.Now, timer.DueAt);
                    await _runtime.FireDueTimersAsync("test-run", cancellationToken: cancellationToken);
                    continue;
                }

                var task = open[0];
                var node = nodes[task.NodeId];
                var outcomeName = NextOutcome(node);
                if (outcomeName is null)
                {
                    status = "waiting";
                    waiting = Step(path.Count + 1, node, task, workflowCase, null, false);
                    break;
                }

                if (++steps > MaxSteps)
                {
                    status = "stopped";
                    break;
                }

                _clock.Now = Max(_clock.Now, EndOf(task));
                var outcome = node.Outcomes.Single(o => o.Name == outcomeName.Value.Name);
                await _runtime.CompleteTaskAsync(new CompleteTaskCommand(
                    task.Id,
                    new WorkflowActor(task.AssigneeId ?? PersonFor(task.CandidateRole + "|" + task.CandidateUnitCode), [task.CandidateRole], task.CandidateUnitCode is { } u ? [u] : []),
                    outcome.Name,
                    outcome.RequireComment ? Comment : null,
                    FormFor(node)), cancellationToken);
                var done = (await _store.FindTaskAsync(task.Id, cancellationToken))!;
                path.Add(Step(path.Count + 1, node, done, workflowCase, outcome, outcomeName.Value.Chosen));
            }

            var journal = await _store.GetJournalAsync(caseId, cancellationToken);
            var completed = journal.LastOrDefault(e => e.Kind == JournalKinds.CaseCompleted);
            DateTimeOffset? endedAt = workflowCase.Status == CaseStatus.Running ? null : workflowCase.CompletedAt ?? completed?.At;
            bool? onTime = endedAt is { } end && workflowCase.DueAt is { } due ? end <= due : null;
            var limit = definition.TimeLimit?.ToWorkingDuration();
            return new TestRunResult(
                _procedure.Key,
                _procedure.Version,
                _procedure.ETag,
                _mode,
                received,
                workflowCase.CountedFrom,
                workflowCase.CountedFrom > received,
                limit?.Hours,
                workflowCase.DueAt,
                status,
                workflowCase.Status == CaseStatus.Running ? null : workflowCase.Result,
                completed?.NodeId,
                endedAt,
                onTime,
                path,
                waiting,
                _actions.ToList(),
                status == "faulted" ? workflowCase.FaultReason ?? string.Empty : null);
        }

        private (string Name, bool Chosen)? NextOutcome(UserTaskNode node)
        {
            if (_choices.TryGetValue(node.Id, out var queue) && queue.Count > 0)
            {
                return (queue.Dequeue(), true);
            }

            return _mode == TestRunRequest.DefaultMode && node.Outcomes.Count > 0 ? (node.Outcomes[0].Name, false) : null;
        }

        /// <summary>When a step ends in the run: at its due moment (its whole time is used), at once when its time is not counted.</summary>
        private static DateTimeOffset EndOf(WorkflowTaskRecord task) => task.DueAt ?? task.CreatedAt;

        private static TestRunStep Step(int order, UserTaskNode node, WorkflowTaskRecord task, WorkflowCaseRecord workflowCase, OutcomeDefinition? outcome, bool chosen) =>
            new(
                order,
                node.Id,
                node.Title,
                node.Candidate.Role,
                node.Candidate.Unit,
                task.AllottedHours,
                node.Duration?.NotCounted == true,
                task.CreatedAt,
                Max(task.CreatedAt, workflowCase.CountedFrom),
                task.DueAt,
                task.CompletedAt,
                outcome?.Name,
                outcome is null ? null : outcome.Label ?? outcome.Name,
                chosen,
                [.. node.Outcomes.Select((o, i) => new TestRunOutcome(o.Name, o.Label ?? o.Name, i == 0, o.RequireComment))]);

        /// <summary>Plausible values for the step's required fields (booleans true, numbers 1, dates the day of the step).</summary>
        private Dictionary<string, string?>? FormFor(UserTaskNode node)
        {
            if (node.Form.Count == 0)
            {
                return null;
            }

            var zone = _calendar is WorkingCalendar working ? working.TimeZone : TimeZoneInfo.Utc;
            var day = TimeZoneInfo.ConvertTime(_clock.Now, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return node.Form.Where(f => f.Required || f.Type == FieldType.Boolean).ToDictionary(
                f => f.Name,
                f => (string?)(f.Type switch
                {
                    FieldType.Boolean => "true",
                    FieldType.Number => "1",
                    FieldType.Date => day,
                    _ => Comment,
                }),
                StringComparer.Ordinal);
        }

        /// <summary>One stand-in person per role and unit, so a step assigned "sameAs" an earlier one finds the same person.</summary>
        private Guid PersonFor(string who)
        {
            if (!_people.TryGetValue(who, out var id))
            {
                id = Guid.NewGuid();
                _people[who] = id;
            }

            return id;
        }

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

        private static HashSet<string> ActionNames(WorkflowDefinition definition)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (definition.OnCaseOverdue is { } onCase)
            {
                names.Add(onCase.Action);
            }

            foreach (var node in definition.Nodes)
            {
                switch (node)
                {
                    case ActionNode a:
                        names.Add(a.Action);
                        break;
                    case UserTaskNode { OnOverdue: { } overdue }:
                        names.Add(overdue.Action);
                        break;
                    default:
                        break;
                }
            }

            return names;
        }
    }

    /// <summary>An action of the definition as the test run shows it: named, not performed.</summary>
    private sealed class ListedAction(string name, List<string> performed) : IWorkflowActionHandler
    {
        public string Name => name;

        public ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken)
        {
            performed.Add(context.NodeId + ": " + name);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The run's own time: it stands still while the engine works and moves when a step ends or a timer fires.</summary>
    private sealed class SimulatedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
    }
}
