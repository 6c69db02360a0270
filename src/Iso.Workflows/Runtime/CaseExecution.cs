using System.Text.Json;
using Iso.Workflows.Actions;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Runtime;

/// <summary>
/// The work of one command on one case: moves tokens through automatic nodes until every token rests at a human
/// step, a timer or a join, staging every change in the unit of work. Nothing here touches the store directly.
/// </summary>
internal sealed class CaseExecution
{
    private readonly WorkflowRuntime _runtime;
    private readonly Queue<(string Node, string Scope)> _tokens = new();
    private List<JoinState>? _joins;
    private bool _variablesChanged;
    private bool _journalChanged;
    private Dictionary<string, object?>? _variables;
    private TrackedVariables? _actionVariables;

    public CaseExecution(WorkflowRuntime runtime, IWorkflowUnitOfWork unitOfWork, CompiledDefinition definition,
        WorkflowCaseRecord workflowCase, List<WorkflowTaskRecord> tasks, List<WorkflowTimerRecord> timers,
        Dictionary<string, object?>? variables, DateTimeOffset now)
    {
        _runtime = runtime;
        UnitOfWork = unitOfWork;
        Definition = definition;
        Case = workflowCase;
        Tasks = tasks;
        Timers = timers;
        _variables = variables;
        Now = now;
    }

    public IWorkflowUnitOfWork UnitOfWork { get; }

    public CompiledDefinition Definition { get; }

    public WorkflowCaseRecord Case { get; }

    public List<WorkflowTaskRecord> Tasks { get; }

    /// <summary>Pending timers of the case (new ones included).</summary>
    public List<WorkflowTimerRecord> Timers { get; }

    /// <summary>Case variables, read from the case row only when a step needs them (most steps do not).</summary>
    public Dictionary<string, object?> Variables => _variables ??= VariableValues.Deserialize(Case.VariablesJson);

    public DateTimeOffset Now { get; }

    /// <summary>Set when the command completed a task with an outcome that requires a comment (a return, a request to
    /// supplement): tasks it creates are announced as returned, with that comment.</summary>
    public string? ReturnComment { get; set; }

    private List<JoinState> Joins => _joins ??= JoinState.Read(Case.JoinStateJson);

    public void MarkVariablesChanged() => _variablesChanged = true;

    public void SetVariable(string name, object? value)
    {
        Variables[name] = value;
        _variablesChanged = true;
    }

    public void AppendJournal(string kind, Guid? actorId = null, string? nodeId = null, Guid? taskId = null,
        string? outcome = null, string? comment = null, string? dataJson = null)
    {
        var entry = new WorkflowJournalEntry
        {
            Id = SequentialIds.CreateVersion7(Now),
            CaseId = Case.Id,
            Sequence = Case.JournalCount + 1,
            At = JournalHasher.Normalize(Now),
            Kind = kind,
            ActorId = actorId,
            NodeId = nodeId,
            TaskId = taskId,
            Outcome = outcome,
            Comment = comment,
            DataJson = dataJson,
            PreviousHash = Case.JournalHeadHash,
            Hash = string.Empty,
        };
        entry.Hash = JournalHasher.Compute(entry);
        Case.JournalHeadHash = entry.Hash;
        Case.JournalCount = entry.Sequence;
        _journalChanged = true;
        UnitOfWork.AddJournalEntry(entry);
    }

    /// <summary>Writes the case row back (variables, joins, the journal's keyed checkpoint, version + 1).</summary>
    public void Finish()
    {
        if (_journalChanged)
        {
            // On the case row, so the checkpoint is stored in the same transaction as the entries it anchors (ADR 0009).
            Case.JournalCheckpoint = JournalCheckpoint.Compute(_runtime.CheckpointKey, Case);
        }

        if (_variablesChanged && _variables is not null)
        {
            Case.VariablesJson = VariableValues.Serialize(Variables);
        }

        if (_joins is not null)
        {
            Case.JoinStateJson = JoinState.Write(_joins);
        }

        Case.Version++;
    }

    public void Enqueue(string node, string scope) => _tokens.Enqueue((node, scope));

    /// <summary>Runs queued tokens until all rest.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var steps = 0;
        while (_tokens.Count > 0 && Case.Status == CaseStatus.Running)
        {
            if (++steps > _runtime.Options.MaxAutomaticStepsPerCommand)
            {
                throw new WorkflowFaultException(
                    $"Quy trình '{Definition.Definition.Key}' lặp vô hạn qua các bước tự động (more than {_runtime.Options.MaxAutomaticStepsPerCommand} automatic steps in one command).");
            }

            var (nodeId, scope) = _tokens.Dequeue();
            if (!Definition.Nodes.TryGetValue(nodeId, out var node))
            {
                throw new WorkflowFaultException($"Quy trình '{Definition.Definition.Key}' trỏ tới bước không tồn tại '{nodeId}'.");
            }

            switch (node)
            {
                case StartNode s:
                    Enqueue(s.To, scope);
                    break;
                case UserTaskNode t:
                    await CreateTaskAsync(t, scope, cancellationToken);
                    break;
                case DecisionNode d:
                    Decide(d, scope);
                    break;
                case ForkNode f:
                    OpenFork(f, scope);
                    break;
                case JoinNode j:
                    ArriveAtJoin(j, scope);
                    break;
                case TimerNode tm:
                    ScheduleTimer(tm, scope);
                    break;
                case ActionNode a:
                    await RunActionAsync(a.Action, a.Parameters, a.Id, null, cancellationToken);
                    Enqueue(a.To, scope);
                    break;
                case EndNode e:
                    CompleteCase(e);
                    break;
                default:
                    throw new WorkflowFaultException($"Unsupported node '{node.Id}'.");
            }
        }
    }

    private async Task CreateTaskAsync(UserTaskNode node, string scope, CancellationToken cancellationToken)
    {
        if (node.Candidate.Unit is { } unit && await _runtime.Directory.FindUnitAsync(Case.AgencyId, unit, cancellationToken) is null)
        {
            throw new WorkflowFaultException(
                $"Bước '{node.Title}' ({node.Id}) giao cho đơn vị '{unit}', nhưng cơ quan của hồ sơ không có đơn vị này (unit '{unit}' not found in agency {Case.AgencyId}).");
        }

        var duration = Definition.Durations[node.Id];
        DateTimeOffset? dueAt = null;
        if (duration is { } d)
        {
            var from = Now > Case.CountedFrom ? Now : Case.CountedFrom;
            dueAt = _runtime.Calendar.AddWorkingTime(from, d);
        }

        var task = new WorkflowTaskRecord
        {
            Id = SequentialIds.CreateVersion7(Now),
            CaseId = Case.Id,
            AgencyId = Case.AgencyId,
            DefinitionKey = Case.DefinitionKey,
            NodeId = node.Id,
            Title = node.Title,
            CandidateRole = node.Candidate.Role,
            CandidateUnitCode = node.Candidate.Unit,
            AssigneeId = ResolveAssignee(node),
            Status = WorkflowTaskStatus.Open,
            CreatedAt = Now,
            DueAt = dueAt,
            AllottedHours = duration?.Hours,
            Scope = scope,
        };
        Tasks.Add(task);
        UnitOfWork.AddTask(task);
        AppendJournal(JournalKinds.TaskCreated, nodeId: node.Id, taskId: task.Id);
        if (dueAt is { } due)
        {
            AddTimer(TimerKind.TaskOverdue, node.Id, task.Id, due, scope);
        }

        if (_runtime.Options.NotifyNewTasks)
        {
            NotifyCandidates(task);
        }
    }

    /// <summary>Tells the task's assignee, or else its candidates (role and unit), that there is work for them.</summary>
    private void NotifyCandidates(WorkflowTaskRecord task)
    {
        var subject = Case.Reference is { } reference ? $"hồ sơ {reference}" : $"hồ sơ {Case.DefinitionKey}";
        var returned = ReturnComment is not null;
        var message = returned
            ? $"{char.ToUpperInvariant(subject[0])}{subject[1..]} được trả lại ở bước “{task.Title}”: {ReturnComment}"
            : $"Công việc mới “{task.Title}” của {subject}.";
        UnitOfWork.AddNotification(new WorkflowNotificationRecord
        {
            Id = SequentialIds.CreateVersion7(Now),
            AgencyId = Case.AgencyId,
            CaseId = Case.Id,
            TaskId = task.Id,
            Kind = returned ? NotificationKinds.Returned : NotificationKinds.NewTask,
            RecipientUserId = task.AssigneeId,
            RecipientRole = task.AssigneeId is null ? task.CandidateRole : null,
            RecipientUnitCode = task.AssigneeId is null ? task.CandidateUnitCode : null,
            Message = message.Length > MaxNotificationLength ? message[..(MaxNotificationLength - 1)] + "…" : message,
            CreatedAt = Now,
        });
    }

    private const int MaxNotificationLength = 2000;

    private Guid? ResolveAssignee(UserTaskNode node)
    {
        var rule = node.Assignee;
        if (rule is null)
        {
            return null;
        }

        if (rule == "initiator")
        {
            return Case.InitiatorId;
        }

        if (rule.StartsWith("sameAs:", StringComparison.Ordinal))
        {
            var other = rule.AsSpan("sameAs:".Length);
            for (var i = Tasks.Count - 1; i >= 0; i--)
            {
                var t = Tasks[i];
                if (t.Status == WorkflowTaskStatus.Completed && other.SequenceEqual(t.NodeId))
                {
                    return t.CompletedById;
                }
            }

            return null;
        }

        if (rule.StartsWith("variable:", StringComparison.Ordinal)
            && Variables.TryGetValue(rule["variable:".Length..], out var value) && value is string s && Guid.TryParse(s, out var id))
        {
            return id;
        }

        return null;
    }

    private void Decide(DecisionNode node, string scope)
    {
        var scripts = Definition.Conditions[node.Id];
        for (var i = 0; i < scripts.Length; i++)
        {
            if (_runtime.Expressions.Evaluate(scripts[i], Variables, node.Id))
            {
                AppendJournal(JournalKinds.DecisionTaken, nodeId: node.Id, outcome: node.Branches[i].To);
                Enqueue(node.Branches[i].To, scope);
                return;
            }
        }

        if (node.Otherwise is null)
        {
            throw new WorkflowFaultException($"Không nhánh nào của bước rẽ nhánh '{node.Id}' thỏa điều kiện và không có 'otherwise' (no branch of decision '{node.Id}' matched).");
        }

        AppendJournal(JournalKinds.DecisionTaken, nodeId: node.Id, outcome: node.Otherwise);
        Enqueue(node.Otherwise, scope);
    }

    private void OpenFork(ForkNode node, string scope)
    {
        if (!Definition.JoinOfFork.TryGetValue(node.Id, out var join))
        {
            throw new WorkflowFaultException($"Fork '{node.Id}' has no matching join.");
        }

        var state = new JoinState
        {
            Id = (Case.JournalCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Fork = node.Id,
            Join = join,
            Expected = node.To.Count,
            ParentScope = scope,
        };
        Joins.Add(state);
        AppendJournal(JournalKinds.ForkOpened, nodeId: node.Id);
        var prefix = state.BranchPrefix;
        for (var i = 0; i < node.To.Count; i++)
        {
            Enqueue(node.To[i], prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private void ArriveAtJoin(JoinNode node, string scope)
    {
        var slash = scope.LastIndexOf('/');
        var colon = scope.LastIndexOf(':');
        if (slash < 0 || colon < slash)
        {
            throw new WorkflowFaultException($"Join '{node.Id}' was reached outside of any fork.");
        }

        var forkInstance = scope.AsSpan(slash + 1, colon - slash - 1);
        JoinState? state = null;
        foreach (var j in Joins)
        {
            if (forkInstance.SequenceEqual(j.Id))
            {
                state = j;
                break;
            }
        }

        if (state is null)
        {
            // The fork instance was already closed by an 'any' join: this late branch simply ends.
            return;
        }

        if (state.Join != node.Id)
        {
            throw new WorkflowFaultException($"Join '{node.Id}' was reached from a branch of fork '{state.Fork}', which closes at '{state.Join}'.");
        }

        state.Arrived++;
        if (node.Mode == JoinMode.All && state.Arrived < state.Expected)
        {
            return;
        }

        Joins.Remove(state);
        if (node.Mode == JoinMode.Any)
        {
            CancelScope(state.BranchPrefix, "join any");
        }

        AppendJournal(JournalKinds.JoinPassed, nodeId: node.Id);
        Enqueue(node.To, state.ParentScope);
    }

    /// <summary>Cancels everything still open inside a fork instance (open tasks, timers, queued tokens, nested forks).</summary>
    private void CancelScope(string prefix, string reason)
    {
        foreach (var task in Tasks)
        {
            if (task.Status == WorkflowTaskStatus.Open && task.Scope.StartsWith(prefix, StringComparison.Ordinal))
            {
                CancelTask(task, reason);
            }
        }

        foreach (var timer in Timers)
        {
            if (timer.Status == TimerStatus.Pending && timer.Scope.StartsWith(prefix, StringComparison.Ordinal))
            {
                CancelTimer(timer);
            }
        }

        var remaining = _tokens.Count;
        for (var i = 0; i < remaining; i++)
        {
            var token = _tokens.Dequeue();
            if (!token.Scope.StartsWith(prefix, StringComparison.Ordinal))
            {
                _tokens.Enqueue(token);
            }
        }

        Joins.RemoveAll(j => j.ParentScope.StartsWith(prefix, StringComparison.Ordinal));
    }

    public void CancelTask(WorkflowTaskRecord task, string reason)
    {
        task.Status = WorkflowTaskStatus.Cancelled;
        task.CompletedAt = Now;
        UnitOfWork.UpdateTask(task);
        AppendJournal(JournalKinds.TaskCancelled, nodeId: task.NodeId, taskId: task.Id, comment: reason);
        CancelTimersOfTask(task.Id);
    }

    public void CancelTimersOfTask(Guid taskId)
    {
        foreach (var timer in Timers)
        {
            if (timer.TaskId == taskId && timer.Status == TimerStatus.Pending)
            {
                CancelTimer(timer);
            }
        }
    }

    private void CancelTimer(WorkflowTimerRecord timer)
    {
        timer.Status = TimerStatus.Cancelled;
        UnitOfWork.UpdateTimer(timer);
    }

    private void ScheduleTimer(TimerNode node, string scope)
    {
        var due = _runtime.Calendar.AddWorkingTime(Now, node.Duration.ToWorkingDuration() ?? WorkingDuration.Zero);
        AddTimer(TimerKind.NodeTimer, node.Id, null, due, scope);
        AppendJournal(JournalKinds.TimerScheduled, nodeId: node.Id, dataJson: DueJson(due));
    }

    public void AddTimer(TimerKind kind, string nodeId, Guid? taskId, DateTimeOffset due, string scope)
    {
        var timer = new WorkflowTimerRecord
        {
            Id = SequentialIds.CreateVersion7(Now),
            CaseId = Case.Id,
            Kind = kind,
            NodeId = nodeId,
            TaskId = taskId,
            DueAt = due,
            Status = TimerStatus.Pending,
            Scope = scope,
        };
        Timers.Add(timer);
        UnitOfWork.AddTimer(timer);
    }

    private static string DueJson(DateTimeOffset due) =>
        "{\"dueAt\":\"" + due.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) + "\"}";

    public async Task RunActionAsync(string action, JsonElement? parameters, string nodeId, WorkflowTaskRecord? task, CancellationToken cancellationToken)
    {
        if (_runtime.FindActionHandler(action) is not { } handler)
        {
            throw new WorkflowFaultException($"Không có xử lý cho hành động hệ thống '{action}' tại bước '{nodeId}' (unknown action '{action}').");
        }

        var context = new WorkflowActionContext(Case, _actionVariables ??= new TrackedVariables(this), nodeId, task?.Id, task, parameters, Now, UnitOfWork, _runtime.Calendar,
            (kind, data) => AppendJournal(kind, nodeId: nodeId, taskId: task?.Id, dataJson: data), Tasks);
        try
        {
            await handler.ExecuteAsync(context, cancellationToken);
        }
        catch (Exception ex) when (ex is not WorkflowException and not OperationCanceledException)
        {
            throw new WorkflowFaultException($"Hành động '{action}' tại bước '{nodeId}' thất bại (action failed): {ex.Message}", ex);
        }

        AppendJournal(JournalKinds.ActionExecuted, nodeId: nodeId, taskId: task?.Id, outcome: action);
    }

    private void CompleteCase(EndNode end)
    {
        CloseEverything("case completed");
        Case.Status = CaseStatus.Completed;
        Case.Result = end.Result;
        Case.CompletedAt = Now;
        AppendJournal(JournalKinds.CaseCompleted, nodeId: end.Id, outcome: end.Result);
    }

    /// <summary>Cancels every open task, pending timer, queued token and open fork of the case.</summary>
    public void CloseEverything(string reason)
    {
        foreach (var task in Tasks)
        {
            if (task.Status == WorkflowTaskStatus.Open)
            {
                CancelTask(task, reason);
            }
        }

        foreach (var timer in Timers)
        {
            if (timer.Status == TimerStatus.Pending)
            {
                CancelTimer(timer);
            }
        }

        _tokens.Clear();
        if (Case.JoinStateJson is not null || _joins is { Count: > 0 })
        {
            Joins.Clear();
        }
    }
}
