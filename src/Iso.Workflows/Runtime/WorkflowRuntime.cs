using System.Diagnostics;
using System.Text.Json;
using Iso.Workflows.Actions;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Expressions;
using Iso.Workflows.Journal;
using Iso.Workflows.Organisation;
using Iso.Workflows.Persistence;
using Iso.Workflows.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Iso.Workflows.Runtime;

/// <summary>The engine (see <see cref="IWorkflowRuntime"/>).</summary>
public sealed class WorkflowRuntime : IWorkflowRuntime
{
    private readonly IWorkflowStore _store;
    private readonly IWorkflowDefinitionStore _definitions;
    private readonly WorkflowDefinitionCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkflowRuntime> _logger;
    private readonly IWorkflowActionHandler[] _actionHandlers;
    private readonly IWorkflowChangeListener? _changes;

    public WorkflowRuntime(
        IWorkflowStore store,
        IWorkflowDefinitionStore definitions,
        IOrganisationLookup directory,
        IWorkingCalendar calendar,
        ExpressionEvaluator expressions,
        WorkflowDefinitionCatalog catalog,
        IEnumerable<IWorkflowActionHandler> actionHandlers,
        IOptions<WorkflowOptions> options,
        TimeProvider time,
        IJournalCheckpointKey checkpointKey,
        ILogger<WorkflowRuntime>? logger = null,
        IWorkflowChangeListener? changes = null)
    {
        ArgumentNullException.ThrowIfNull(actionHandlers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(checkpointKey);
        CheckpointKey = checkpointKey;
        _store = store;
        _definitions = definitions;
        Directory = directory;
        Calendar = calendar;
        Expressions = expressions;
        _catalog = catalog;
        _time = time;
        _logger = logger ?? NullLogger<WorkflowRuntime>.Instance;
        _changes = changes;
        Options = options.Value;
        // The runtime is scoped (one per request): DI hands over an array, which is kept rather than indexed each time.
        _actionHandlers = actionHandlers as IWorkflowActionHandler[] ?? [.. actionHandlers];
    }

    internal IOrganisationLookup Directory { get; }

    internal IWorkingCalendar Calendar { get; }

    internal ExpressionEvaluator Expressions { get; }

    internal WorkflowOptions Options { get; }

    internal IJournalCheckpointKey CheckpointKey { get; }

    /// <summary>The handler of an action name; the last one registered wins, as with a dictionary filled in order.</summary>
    internal IWorkflowActionHandler? FindActionHandler(string name)
    {
        for (var i = _actionHandlers.Length - 1; i >= 0; i--)
        {
            if (string.Equals(_actionHandlers[i].Name, name, StringComparison.Ordinal))
            {
                return _actionHandlers[i];
            }
        }

        return null;
    }

    public async Task<CommandResult> StartCaseAsync(StartCaseCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var stored = await ResolveDefinitionAsync(command, cancellationToken);
        var compiled = _catalog.Get(stored);
        var definition = compiled.Definition;
        if (definition.AppliesTo.Count > 0)
        {
            var agency = await Directory.FindAgencyAsync(command.AgencyId, cancellationToken)
                ?? throw new WorkflowException($"Không tìm thấy cơ quan {command.AgencyId} (unknown agency).");
            if (!definition.AppliesTo.Contains(agency.KindCode))
            {
                throw new WorkflowException(
                    $"Quy trình '{definition.Name}' không áp dụng cho loại cơ quan '{agency.KindCode}' (applies to {string.Join(", ", definition.AppliesTo)}).");
            }
        }

        var variables = InitialVariables(compiled, command.Variables);
        var variablesJson = VariableValues.Serialize(variables);
        var caseId = command.CaseId ?? SequentialIds.CreateVersion7(_time.GetUtcNow());

        return await RunAsync("StartCase", caseId, async (uow, ct) =>
        {
            var now = _time.GetUtcNow();
            var received = command.ReceivedAt ?? now;
            var countedFrom = definition.Intake ? Calendar.ApplyIntake(received) : received;
            var workflowCase = new WorkflowCaseRecord
            {
                Id = caseId,
                AgencyId = command.AgencyId,
                DefinitionId = stored.Id,
                DefinitionKey = definition.Key,
                DefinitionVersion = stored.Version,
                Code = command.Code,
                Reference = command.Reference,
                Status = CaseStatus.Running,
                InitiatorId = command.InitiatorId,
                ReceivedAt = received,
                CountedFrom = countedFrom,
                DueAt = compiled.TimeLimit is { } limit ? Calendar.AddWorkingTime(countedFrom, limit) : null,
                StartedAt = now,
                VariablesJson = variablesJson,
                Version = 0,
            };
            uow.AddCase(workflowCase);
            // Variables are read back from the case row only if a step needs them (a retry must not see a failed attempt's changes).
            var execution = new CaseExecution(this, uow, compiled, workflowCase, [], [], null, now);
            execution.AppendJournal(JournalKinds.CaseStarted, command.InitiatorId, compiled.Start.Id, comment: command.Reference,
                dataJson: compiled.StartedDataJson);
            if (workflowCase.DueAt is { } due)
            {
                execution.AddTimer(TimerKind.CaseOverdue, "case", null, due, string.Empty);
            }

            execution.Enqueue(compiled.Start.Id, string.Empty);
            await execution.RunAsync(ct);
            execution.Finish();
            return Result(execution);
        }, cancellationToken);
    }

    public Task<CommandResult> CompleteTaskAsync(CompleteTaskCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return RunOnTaskAsync("CompleteTask", command.TaskId, command.Admit, async (execution, task, ct) =>
        {
            EnsureOpen(task);
            EnsureMayWork(task, command.Actor);
            var node = (UserTaskNode)execution.Definition.Nodes[task.NodeId];
            if (!execution.Definition.Outcomes[node.Id].TryGetValue(command.Outcome, out var outcome))
            {
                throw new WorkflowException(
                    $"Kết quả '{command.Outcome}' không có ở bước '{node.Title}' (unknown outcome; expected {string.Join(", ", node.Outcomes.Select(o => o.Name))}).");
            }

            if (outcome.RequireComment && IsBlank(command.Comment))
            {
                throw new CommentRequiredException(
                    outcome.Label ?? outcome.Name, $"Chọn '{outcome.Label ?? outcome.Name}' cần ghi ý kiến (a comment is required for outcome '{outcome.Name}').");
            }

            var formJson = ApplyForm(execution, node, command.Form);
            if (outcome.RequireComment)
            {
                execution.ReturnComment = command.Comment!.Trim();
            }

            foreach (var (name, value) in outcome.Set)
            {
                execution.SetVariable(name, value);
            }

            var now = execution.Now;
            task.Status = WorkflowTaskStatus.Completed;
            task.CompletedAt = now;
            task.WorkingMinutes = WorkingMinutesOf(Calendar, task.CreatedAt, now);
            task.CompletedById = command.Actor.UserId;
            task.AssigneeId ??= command.Actor.UserId;
            task.Outcome = outcome.Name;
            task.Comment = command.Comment;
            task.FormDataJson = formJson;
            execution.UnitOfWork.UpdateTask(task);
            execution.CancelTimersOfTask(task.Id);
            execution.AppendJournal(JournalKinds.TaskCompleted, command.Actor.UserId, node.Id, task.Id, outcome.Name, command.Comment, formJson);
            execution.Enqueue(outcome.To, task.Scope);
            await execution.RunAsync(ct);
        }, cancellationToken);
    }

    public Task<CommandResult> ClaimTaskAsync(ClaimTaskCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return RunOnTaskAsync("ClaimTask", command.TaskId, (execution, task, _) =>
        {
            EnsureOpen(task);
            if (task.AssigneeId is { } current && current != command.Actor.UserId)
            {
                throw new WorkflowException($"Công việc {task.Id} đã do người khác nhận xử lý (already claimed by {current}).");
            }

            EnsureMayWork(task, command.Actor);
            task.AssigneeId = command.Actor.UserId;
            task.ClaimedAt = execution.Now;
            execution.UnitOfWork.UpdateTask(task);
            execution.AppendJournal(JournalKinds.TaskClaimed, command.Actor.UserId, task.NodeId, task.Id);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public Task<CommandResult> ReleaseTaskAsync(ReleaseTaskCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return RunOnTaskAsync("ReleaseTask", command.TaskId, (execution, task, _) =>
        {
            EnsureOpen(task);
            if (task.AssigneeId != command.Actor.UserId)
            {
                throw new WorkflowForbiddenException($"Chỉ người đang xử lý mới trả lại được công việc {task.Id} cho đơn vị (not the assignee).");
            }

            task.AssigneeId = null;
            task.ClaimedAt = null;
            execution.UnitOfWork.UpdateTask(task);
            execution.AppendJournal(JournalKinds.TaskReleased, command.Actor.UserId, task.NodeId, task.Id);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public async Task<CommandResult> RetryFaultedCaseAsync(RetryFaultedCaseCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        List<WorkflowTimerRecord> rearmed = [];
        var result = await RunOnCaseAsync("RetryFaultedCase", command.CaseId, (execution, _) =>
        {
            if (!command.Actor.HasRole("Administrator"))
            {
                throw new WorkflowForbiddenException($"Chỉ quản trị viên mới được chạy lại hồ sơ lỗi {execution.Case.Id} (not allowed to retry).");
            }

            if (execution.Case.FaultedAt is null)
            {
                throw new CaseNotFaultedException(execution.Case.Id);
            }

            rearmed = [];
            foreach (var timer in execution.Timers)
            {
                if (timer.FaultedAt is not null)
                {
                    timer.FaultedAt = null;
                    timer.Attempts = 0;
                    timer.RetryAt = null;
                    timer.LeaseOwner = null;
                    timer.LeaseUntil = null;
                    execution.UnitOfWork.UpdateTimer(timer);
                    rearmed.Add(timer.Clone());
                }
            }

            execution.AppendJournal(JournalKinds.CaseFaultRetried, command.Actor.UserId, comment: execution.Case.FaultReason,
                dataJson: "{\"timers\":" + rearmed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
            execution.Case.FaultedAt = null;
            execution.Case.FaultReason = null;
            return Task.CompletedTask;
        }, requireRunning: true, cancellationToken);

        // The administrator sees at once whether it works now: each re-armed timer is tried once, on the usual terms
        // (a failure counts as its first attempt and is retried with back-off).
        foreach (var timer in rearmed)
        {
            await FireWithRetriesAsync(timer, cancellationToken);
        }

        return rearmed.Count == 0 ? result : await ReloadAsync(command.CaseId, result, cancellationToken);
    }

    public Task<CommandResult> ReassignTaskAsync(ReassignTaskCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return RunOnTaskAsync("ReassignTask", command.TaskId, (execution, task, _) =>
        {
            EnsureOpen(task);
            var actor = command.Actor;
            if (!actor.HasRole("Leader") && !actor.HasRole("Administrator") && task.AssigneeId != actor.UserId)
            {
                throw new WorkflowForbiddenException($"Chỉ lãnh đạo, quản trị viên hoặc người đang xử lý mới được chuyển công việc {task.Id} (not allowed to reassign).");
            }

            var from = task.AssigneeId;
            task.AssigneeId = command.ToUserId;
            task.ClaimedAt = execution.Now;
            execution.UnitOfWork.UpdateTask(task);
            execution.AppendJournal(JournalKinds.TaskReassigned, actor.UserId, task.NodeId, task.Id, comment: command.Comment,
                dataJson: "{\"from\":" + (from is null ? "null" : "\"" + from.Value.ToString("D") + "\"") + ",\"to\":\"" + command.ToUserId.ToString("D") + "\"}");
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public async Task<WorkflowApologyRecord> DraftApologyAsync(DraftApologyCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (IsBlank(command.Reason))
        {
            throw new WorkflowException("Phiếu xin lỗi cần nêu lý do (a reason is required for an apology).");
        }

        WorkflowApologyRecord? drafted = null;
        await RunOnCaseAsync("DraftApology", command.CaseId, async (execution, ct) =>
        {
            if (command.NewAppointmentAt <= execution.Now)
            {
                throw new WorkflowException("Ngày hẹn trả mới phải sau thời điểm hiện tại (the new appointment must be in the future).");
            }

            // Read under the case's optimistic version: every apology command changes the case row, so a concurrent
            // draft or issue makes this command retry and see it.
            var pending = PendingApology(await _store.GetApologiesAsync(execution.Case.Id, ct));
            var apology = pending ?? new WorkflowApologyRecord
            {
                Id = Guid.CreateVersion7(execution.Now),
                AgencyId = execution.Case.AgencyId,
                CaseId = execution.Case.Id,
                Reason = command.Reason,
            };
            apology.Reason = command.Reason.Trim();
            apology.NewAppointmentAt = command.NewAppointmentAt;
            apology.OriginalDueAt ??= execution.Case.DueAt;
            apology.DraftedAt = execution.Now;
            apology.DraftedById = command.Actor.UserId;
            apology.FormVersion = command.FormVersion ?? apology.FormVersion;
            if (pending is null)
            {
                execution.UnitOfWork.AddApology(apology);
                execution.UnitOfWork.AddNotification(ApologyActions.PendingNotice(execution.Case, execution.Now));
            }
            else
            {
                execution.UnitOfWork.UpdateApology(apology);
            }

            execution.AppendJournal(JournalKinds.ApologyDrafted, command.Actor.UserId, comment: apology.Reason, dataJson: ApologyActions.DataJson(apology));
            drafted = apology;
        }, requireRunning: true, cancellationToken);
        return drafted!.Clone();
    }

    public async Task<WorkflowApologyRecord> IssueApologyAsync(IssueApologyCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        WorkflowApologyRecord? issued = null;
        await RunOnCaseAsync("IssueApology", command.CaseId, async (execution, ct) =>
        {
            if (!command.Actor.HasRole("Leader"))
            {
                throw new WorkflowForbiddenException($"Chỉ lãnh đạo cơ quan mới được ký phát hành phiếu xin lỗi của hồ sơ {execution.Case.Id} (only a leader issues an apology).");
            }

            var apologies = await _store.GetApologiesAsync(execution.Case.Id, ct);
            var pending = PendingApology(apologies);
            if (pending is null || (command.ApologyId is { } asked && asked != pending.Id))
            {
                var already = command.ApologyId is { } id ? apologies.FirstOrDefault(a => a.Id == id && a.IssuedAt is not null) : null;
                throw new ApologyStateException(already is not null
                    ? $"Phiếu xin lỗi {already.Id} đã được phát hành lúc {already.IssuedAt:yyyy-MM-dd HH:mm} (already issued)."
                    : $"Hồ sơ {execution.Case.Id} không có phiếu xin lỗi đang chờ ký, hoặc phiếu đã được sửa (no such pending apology draft).");
            }

            if (pending.NewAppointmentAt <= execution.Now)
            {
                throw new WorkflowException("Ngày hẹn trả mới của phiếu đã qua; sửa phiếu trước khi ký (the new appointment has passed; edit the draft first).");
            }

            pending.IssuedAt = execution.Now;
            pending.IssuedById = command.Actor.UserId;
            execution.UnitOfWork.UpdateApology(pending);
            execution.AppendJournal(JournalKinds.ApologyIssued, command.Actor.UserId, comment: pending.Reason, dataJson: ApologyActions.DataJson(pending));
            issued = pending;
        }, requireRunning: true, cancellationToken);
        return issued!.Clone();
    }

    /// <summary>The latest apology of a case not yet issued, unless one was issued after it was drafted.</summary>
    private static WorkflowApologyRecord? PendingApology(IReadOnlyList<WorkflowApologyRecord> apologies) =>
        ApologyActions.Pending(apologies)?.Clone();

    public Task<CommandResult> CancelCaseAsync(CancelCaseCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (IsBlank(command.Reason))
        {
            throw new WorkflowException("Hủy hồ sơ cần nêu lý do (a reason is required to cancel a case).");
        }

        return RunOnCaseAsync("CancelCase", command.CaseId, (execution, _) =>
        {
            var actor = command.Actor;
            if (execution.Case.InitiatorId != actor.UserId && !actor.HasRole("Leader") && !actor.HasRole("Administrator"))
            {
                throw new WorkflowForbiddenException($"Chỉ người khởi tạo, lãnh đạo hoặc quản trị viên mới được hủy hồ sơ {execution.Case.Id} (not allowed to cancel).");
            }

            execution.CloseEverything("case cancelled");
            execution.Case.Status = CaseStatus.Cancelled;
            execution.Case.Result = "cancelled";
            execution.Case.CompletedAt = execution.Now;
            execution.AppendJournal(JournalKinds.CaseCancelled, actor.UserId, comment: command.Reason);
            return Task.CompletedTask;
        }, requireRunning: true, cancellationToken);
    }

    public async Task<CommandResult> TransferCaseAsync(TransferCaseCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (IsBlank(command.Reason))
        {
            throw new WorkflowException("Chuyển hồ sơ cần nêu lý do (a reason is required to transfer a case).");
        }

        var target = await Directory.FindAgencyAsync(command.ToAgencyId, cancellationToken)
            ?? throw new WorkflowException($"Không tìm thấy cơ quan {command.ToAgencyId} (unknown agency).");
        return await RunOnCaseAsync("TransferCase", command.CaseId, (execution, _) =>
        {
            var from = execution.Case.AgencyId;
            if (from == target.Id)
            {
                throw new NothingToDoException();
            }

            execution.Case.AgencyId = target.Id;
            var moved = 0;
            foreach (var task in execution.Tasks)
            {
                // Finished tasks stay where they were done; the open ones follow the case (the inbox reads the task's agency).
                if (task.Status == WorkflowTaskStatus.Open)
                {
                    task.AgencyId = target.Id;
                    execution.UnitOfWork.UpdateTask(task);
                    moved++;
                }
            }

            execution.AppendJournal(JournalKinds.CaseTransferred, command.ActorId, comment: command.Reason,
                dataJson: "{\"from\":\"" + from.ToString("D") + "\",\"to\":\"" + target.Id.ToString("D") + "\",\"tasks\":"
                    + moved.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
            return Task.CompletedTask;
        }, requireRunning: true, cancellationToken);
    }

    public async Task<int> FireDueTimersAsync(string owner, int max = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var claimed = await _store.ClaimDueTimersAsync(owner, _time.GetUtcNow(), Options.TimerLease, max, cancellationToken);
        WorkflowTelemetry.RecordTimersDue(owner, claimed.Count);
        var fired = 0;
        foreach (var timer in claimed)
        {
            if (await FireWithRetriesAsync(timer, cancellationToken))
            {
                fired++;
            }
        }

        return fired;
    }

    /// <summary>Fires a timer; when its work fails (rolled back), records the attempt in a transaction of its own: the
    /// timer waits the next back-off delay, and after the last one the case is marked faulted with the reason.</summary>
    private async Task<bool> FireWithRetriesAsync(WorkflowTimerRecord timer, CancellationToken cancellationToken)
    {
        try
        {
            return await FireTimerAsync(timer, cancellationToken);
        }
        catch (Exception ex) when (ex is WorkflowException or InvalidWorkflowDefinitionException or WorkflowConcurrencyException)
        {
            _logger.LogError(ex, "Timer {TimerId} of case {CaseId} failed", timer.Id, timer.CaseId);
            try
            {
                await RecordTimerFailureAsync(timer.Id, timer.CaseId, ex.Message, cancellationToken);
            }
            catch (Exception recordFailure) when (recordFailure is WorkflowException or WorkflowConcurrencyException)
            {
                // Not even the failure could be stored: the lease expires and a later poll tries again.
                _logger.LogError(recordFailure, "Failure of timer {TimerId} of case {CaseId} could not be recorded", timer.Id, timer.CaseId);
            }

            return false;
        }
    }

    private Task<CommandResult> RecordTimerFailureAsync(Guid timerId, Guid caseId, string reason, CancellationToken cancellationToken) =>
        RunOnCaseAsync("TimerFailed", caseId, (execution, _) =>
        {
            var timer = execution.Timers.Find(t => t.Id == timerId);
            if (timer is null || timer.Status != TimerStatus.Pending || timer.FaultedAt is not null)
            {
                throw new NothingToDoException();
            }

            var delays = Options.RetryDelays;
            var text = reason.Length > MaxReasonLength ? reason[..(MaxReasonLength - 1)] + "…" : reason;
            timer.Attempts++;
            timer.LastError = text;
            // The lease is given back: the back-off below, not the lease, decides when the next attempt may come.
            timer.LeaseOwner = null;
            timer.LeaseUntil = null;
            if (timer.Attempts > delays.Count)
            {
                timer.FaultedAt = execution.Now;
                timer.RetryAt = null;
                execution.Case.FaultedAt = execution.Now;
                execution.Case.FaultReason = text;
                execution.AppendJournal(JournalKinds.CaseFaulted, nodeId: timer.NodeId, taskId: timer.TaskId, comment: text,
                    dataJson: "{\"attempts\":" + timer.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
            }
            else
            {
                // Not before the next delay: the claim skips it until then.
                timer.RetryAt = execution.Now + delays[timer.Attempts - 1];
            }

            execution.UnitOfWork.UpdateTimer(timer);
            return Task.CompletedTask;
        }, requireRunning: false, cancellationToken);

    private const int MaxReasonLength = 2000;

    private async Task<CommandResult> ReloadAsync(Guid caseId, CommandResult fallback, CancellationToken cancellationToken)
    {
        var workflowCase = await _store.FindCaseAsync(caseId, cancellationToken);
        if (workflowCase is null)
        {
            return fallback;
        }

        var tasks = await _store.GetTasksOfCaseAsync(caseId, cancellationToken);
        return new CommandResult(caseId, workflowCase.Status, workflowCase.Result, [.. tasks.Where(t => t.Status == WorkflowTaskStatus.Open)]);
    }

    private async Task<bool> FireTimerAsync(WorkflowTimerRecord claimed, CancellationToken cancellationToken)
    {
        var fired = false;
        await RunOnCaseAsync("FireTimer", claimed.CaseId, async (execution, ct) =>
        {
            fired = false;
            var timer = execution.Timers.Find(t => t.Id == claimed.Id);
            if (timer is null || timer.Status != TimerStatus.Pending)
            {
                throw new NothingToDoException();
            }

            timer.Status = TimerStatus.Fired;
            timer.FiredAt = execution.Now;
            execution.UnitOfWork.UpdateTimer(timer);
            fired = true;
            if (execution.Case.Status != CaseStatus.Running)
            {
                return;
            }

            switch (timer.Kind)
            {
                case TimerKind.NodeTimer:
                    execution.AppendJournal(JournalKinds.TimerFired, nodeId: timer.NodeId);
                    execution.Enqueue(((TimerNode)execution.Definition.Nodes[timer.NodeId]).To, timer.Scope);
                    await execution.RunAsync(ct);
                    break;
                case TimerKind.TaskOverdue:
                    var task = execution.Tasks.Find(t => t.Id == timer.TaskId);
                    if (task is null || task.Status != WorkflowTaskStatus.Open)
                    {
                        return;
                    }

                    execution.AppendJournal(JournalKinds.TaskOverdue, nodeId: task.NodeId, taskId: task.Id,
                        dataJson: "{\"dueAt\":\"" + timer.DueAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) + "\"}");
                    if (execution.Definition.Nodes[task.NodeId] is UserTaskNode { OnOverdue: { } onOverdue })
                    {
                        await execution.RunActionAsync(onOverdue.Action, onOverdue.Parameters, task.NodeId, task, ct);
                    }

                    break;
                case TimerKind.CaseOverdue:
                    execution.AppendJournal(JournalKinds.CaseOverdue, nodeId: "case");
                    if (execution.Definition.Definition.OnCaseOverdue is { } onCaseOverdue)
                    {
                        await execution.RunActionAsync(onCaseOverdue.Action, onCaseOverdue.Parameters, "case", null, ct);
                    }

                    break;
                default:
                    break;
            }
        }, requireRunning: false, cancellationToken);
        return fired;
    }

    public DueState GetDueState(WorkflowTaskRecord task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.DueAt is not { } due)
        {
            return DueState.OnTime;
        }

        var allotted = task.AllottedHours is { } hours ? WorkingDuration.FromHours(hours) : Calendar.WorkingTimeBetween(task.CreatedAt, due);
        return Calendar.GetDueState(_time.GetUtcNow(), due, allotted);
    }

    public DueState GetDueState(WorkflowCaseRecord workflowCase)
    {
        ArgumentNullException.ThrowIfNull(workflowCase);
        return workflowCase.DueAt is { } due
            ? Calendar.GetDueState(_time.GetUtcNow(), due, Calendar.WorkingTimeBetween(workflowCase.CountedFrom, due))
            : DueState.OnTime;
    }

    public JournalVerificationResult VerifyJournal(WorkflowCaseRecord workflowCase, IReadOnlyList<WorkflowJournalEntry> entries) =>
        JournalVerifier.Verify(workflowCase, entries, CheckpointKey);

    private async Task<StoredDefinition> ResolveDefinitionAsync(StartCaseCommand command, CancellationToken cancellationToken)
    {
        StoredDefinition? stored;
        if (command.DefinitionVersion is { } version)
        {
            stored = await _definitions.FindAsync(command.AgencyId, command.DefinitionKey, version, cancellationToken)
                ?? await _definitions.FindAsync(null, command.DefinitionKey, version, cancellationToken);
            if (stored is not null && stored.Status != DefinitionStatus.Published)
            {
                throw new WorkflowException($"Phiên bản {version} của quy trình '{command.DefinitionKey}' chưa được ban hành hoặc đã ngừng áp dụng (status {stored.Status}).");
            }
        }
        else
        {
            var now = _time.GetUtcNow();
            if (_catalog.TryGetPublished(command.AgencyId, command.DefinitionKey, now, out var cached))
            {
                return cached;
            }

            // The template serves an agency that has not published its own procedure; one that retired it has stopped it.
            stored = await _definitions.FindPublishedAsync(command.AgencyId, command.DefinitionKey, cancellationToken)
                ?? (await _definitions.HasPublishedEverAsync(command.AgencyId, command.DefinitionKey, cancellationToken)
                    ? null
                    : await _definitions.FindPublishedAsync(null, command.DefinitionKey, cancellationToken));
            if (stored is not null && Options.PublishedDefinitionCacheDuration > TimeSpan.Zero)
            {
                _catalog.RememberPublished(command.AgencyId, command.DefinitionKey, stored, now + Options.PublishedDefinitionCacheDuration);
            }
        }

        return stored ?? throw new WorkflowException(
            $"Không tìm thấy quy trình đã ban hành '{command.DefinitionKey}'{(command.DefinitionVersion is { } v ? $" phiên bản {v}" : string.Empty)} (no published definition).");
    }

    private static Dictionary<string, object?> InitialVariables(CompiledDefinition compiled, IReadOnlyDictionary<string, object?>? given)
    {
        var variables = new Dictionary<string, object?>(compiled.Variables.Count, StringComparer.Ordinal);
        foreach (var v in compiled.Definition.Variables)
        {
            variables[v.Name] = v.Default;
        }

        if (given is not null)
        {
            foreach (var (name, input) in given)
            {
                if (!compiled.Variables.TryGetValue(name, out var variable))
                {
                    throw new WorkflowException($"Biến '{name}' không được khai báo trong quy trình '{compiled.Definition.Key}' (unknown variable).");
                }

                if (!VariableValues.TryConvert(input, variable.Type, out var value))
                {
                    throw new WorkflowException($"Giá trị của biến '{name}' phải có kiểu {variable.Type} (wrong type).");
                }

                variables[name] = value;
            }
        }

        return variables;
    }

    /// <summary>No readable text: null, empty, or only white space, control and format characters (NUL, BEL, zero-width space…),
    /// which must not satisfy a required comment or reason.</summary>
    /// <summary>Working time between two instants in whole minutes (the statistics' per-step average, ADR 0030).</summary>
    public static int WorkingMinutesOf(IWorkingCalendar calendar, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return to <= from ? 0 : (int)Math.Round(calendar.WorkingTimeBetween(from, to).Hours * 60m, MidpointRounding.AwayFromZero);
    }

    internal static bool IsBlank(string? text)
    {
        foreach (var c in text ?? string.Empty)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }

    private static string? ApplyForm(CaseExecution execution, UserTaskNode node, IReadOnlyDictionary<string, string?>? form)
    {
        if (node.Form.Count == 0 && (form is null || form.Count == 0))
        {
            return null;
        }

        var values = new Dictionary<string, object?>(node.Form.Count, StringComparer.Ordinal);
        var errors = new List<string>();
        if (form is not null)
        {
            foreach (var key in form.Keys)
            {
                if (!node.Form.Any(f => f.Name == key))
                {
                    errors.Add($"trường '{key}' không có trong biểu mẫu (unknown field)");
                }
            }
        }

        foreach (var field in node.Form)
        {
            string? text = null;
            form?.TryGetValue(field.Name, out text);
            if (string.IsNullOrWhiteSpace(text))
            {
                if (field.Required)
                {
                    errors.Add($"'{field.Label ?? field.Name}' là bắt buộc (required)");
                }

                continue;
            }

            var type = execution.Definition.Variables.TryGetValue(field.Name, out var variable) ? variable.Type : field.Type switch
            {
                FieldType.Number => VariableType.Number,
                FieldType.Boolean => VariableType.Boolean,
                FieldType.Date => VariableType.Date,
                _ => VariableType.String,
            };
            if (!VariableValues.TryParseText(text.Trim(), type, out var value))
            {
                errors.Add($"'{field.Label ?? field.Name}' phải là {TypeName(type)} (expected {type.ToString().ToLowerInvariant()})");
                continue;
            }

            values[field.Name] = value;
            if (variable is not null)
            {
                // A form field named like a declared variable sets it, so decisions can test what was entered.
                execution.SetVariable(field.Name, value);
            }
        }

        if (errors.Count > 0)
        {
            throw new WorkflowValidationException($"Biểu mẫu bước '{node.Title}' chưa hợp lệ: {string.Join("; ", errors)}.", errors);
        }

        return VariableValues.Serialize(values);
    }

    private static string TypeName(VariableType type) => type switch
    {
        VariableType.Number => "số",
        VariableType.Boolean => "đúng/sai",
        VariableType.Date => "ngày (yyyy-MM-dd)",
        _ => "chuỗi",
    };

    private static void EnsureOpen(WorkflowTaskRecord task)
    {
        if (task.Status != WorkflowTaskStatus.Open)
        {
            throw new TaskAlreadyCompletedException(task.Id, task.CompletedById, task.CompletedAt, task.Outcome);
        }
    }

    private static void EnsureMayWork(WorkflowTaskRecord task, WorkflowActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (task.AssigneeId is { } assignee)
        {
            if (assignee != actor.UserId)
            {
                throw new WorkflowForbiddenException($"Công việc {task.Id} được giao cho người khác (assigned to {assignee}).");
            }

            return;
        }

        if (!actor.HasRole(task.CandidateRole) || (task.CandidateUnitCode is { } unit && !actor.InUnit(unit)))
        {
            throw new WorkflowForbiddenException(
                $"Công việc {task.Id} dành cho vai trò {task.CandidateRole}{(task.CandidateUnitCode is { } u ? " của đơn vị " + u : string.Empty)} (not a candidate).");
        }
    }

    private Task<CommandResult> RunOnTaskAsync(string command, Guid taskId, Func<CaseExecution, WorkflowTaskRecord, CancellationToken, Task> body, CancellationToken cancellationToken) =>
        RunOnTaskAsync(command, taskId, null, body, cancellationToken);

    private async Task<CommandResult> RunOnTaskAsync(
        string command, Guid taskId, Action<WorkflowTaskRecord>? admit, Func<CaseExecution, WorkflowTaskRecord, CancellationToken, Task> body,
        CancellationToken cancellationToken) =>
        await RunAsync(command, null, async (uow, ct) =>
        {
            var snapshot = await uow.LoadCaseOfTaskAsync(taskId, ct)
                ?? throw new WorkflowNotFoundException($"Không tìm thấy công việc {taskId} (task not found).");
            var caseId = snapshot.Case.Id;
            if (Activity.Current is { } activity && activity.Source == WorkflowTelemetry.ActivitySource)
            {
                activity.SetTag("iso.case_id", caseId.ToString("D"));
                activity.SetTag("iso.task_id", taskId.ToString("D"));
            }

            var execution = await ExecutionAsync(uow, snapshot, ct);
            var task = FindTask(execution.Tasks, taskId);
            admit?.Invoke(task);
            if (task.Status == WorkflowTaskStatus.Open && execution.Case.Status != CaseStatus.Running)
            {
                throw new WorkflowException($"Hồ sơ {caseId} đã kết thúc (case is {execution.Case.Status}).");
            }

            await body(execution, task, ct);
            execution.Finish();
            uow.UpdateCase(execution.Case);
            return Result(execution);
        }, cancellationToken);

    private async Task<CommandResult> RunOnCaseAsync(string command, Guid caseId, Func<CaseExecution, CancellationToken, Task> body, bool requireRunning, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(command, caseId, async (uow, ct) =>
            {
                var execution = await LoadAsync(uow, caseId, ct);
                if (requireRunning && execution.Case.Status != CaseStatus.Running)
                {
                    throw new WorkflowException($"Hồ sơ {caseId} đã kết thúc (case is {execution.Case.Status}).");
                }

                await body(execution, ct);
                execution.Finish();
                uow.UpdateCase(execution.Case);
                return Result(execution);
            }, cancellationToken);
        }
        catch (NothingToDoException)
        {
            return new CommandResult(caseId, CaseStatus.Running, null, []);
        }
    }

    private async Task<CaseExecution> LoadAsync(IWorkflowUnitOfWork uow, Guid caseId, CancellationToken cancellationToken)
    {
        var snapshot = await uow.LoadCaseAsync(caseId, cancellationToken)
            ?? throw new WorkflowNotFoundException($"Không tìm thấy hồ sơ {caseId} (case not found).");
        return await ExecutionAsync(uow, snapshot, cancellationToken);
    }

    private async Task<CaseExecution> ExecutionAsync(IWorkflowUnitOfWork uow, CaseSnapshot snapshot, CancellationToken cancellationToken)
    {
        var workflowCase = snapshot.Case;
        var caseId = workflowCase.Id;
        if (!_catalog.TryGet(workflowCase.DefinitionId, out var compiled))
        {
            var stored = await _definitions.FindAsync(workflowCase.DefinitionId, cancellationToken)
                ?? throw new WorkflowFaultException($"Hồ sơ {caseId} chạy trên định nghĩa {workflowCase.DefinitionId} không còn tồn tại.");
            compiled = _catalog.Get(stored);
        }

        return new CaseExecution(this, uow, compiled, workflowCase, [.. snapshot.Tasks], [.. snapshot.PendingTimers],
            null, _time.GetUtcNow());
    }

    private static WorkflowTaskRecord FindTask(List<WorkflowTaskRecord> tasks, Guid taskId)
    {
        foreach (var task in tasks)
        {
            if (task.Id == taskId)
            {
                return task;
            }
        }

        throw new WorkflowNotFoundException($"Không tìm thấy công việc {taskId} (task not found).");
    }

    private static CommandResult Result(CaseExecution execution)
    {
        var open = new List<WorkflowTaskRecord>();
        foreach (var task in execution.Tasks)
        {
            if (task.Status == WorkflowTaskStatus.Open)
            {
                open.Add(task);
            }
        }

        return new CommandResult(execution.Case.Id, execution.Case.Status, execution.Case.Result, open);
    }

    /// <summary>One transaction per attempt; a lost optimistic race is retried on fresh state, so a command that
    /// raced on another task of the same case succeeds and one that raced on the same task sees it completed.
    /// Traced and counted as <paramref name="command"/> (<see cref="WorkflowTelemetry"/>; free when nobody listens).</summary>
    private async Task<CommandResult> RunAsync(string command, Guid? caseId, Func<IWorkflowUnitOfWork, CancellationToken, Task<CommandResult>> body, CancellationToken cancellationToken)
    {
        using var activity = WorkflowTelemetry.StartCommand(command, caseId);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var stored = await _store.BeginAsync(cancellationToken);
                var observed = _changes is null ? null : new ObservedUnitOfWork(stored);
                var uow = observed ?? stored;
                await using (uow)
                {
                    try
                    {
                        var result = await body(uow, cancellationToken);
                        var timed = WorkflowTelemetry.CommitDuration.Enabled;
                        var started = timed ? Stopwatch.GetTimestamp() : 0;
                        await uow.CommitAsync(cancellationToken);
                        if (observed?.ToCommit(command, caseId ?? result.CaseId) is { } commit)
                        {
                            Announce(commit);
                        }

                        if (timed)
                        {
                            WorkflowTelemetry.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("iso.command", command));
                        }

                        activity?.SetTag("iso.attempts", attempt);
                        WorkflowTelemetry.CommandFinished(command, "ok");
                        return result;
                    }
                    catch (WorkflowConcurrencyException) when (attempt < Options.MaxConcurrencyRetries)
                    {
                        _logger.LogDebug("Concurrency conflict, retrying (attempt {Attempt})", attempt);
                    }
                }
            }
        }
        catch (Exception ex) when (CommandFailed(activity, command, ex))
        {
            throw; // not reached: the filter records and lets the exception pass
        }
    }

    private void Announce(WorkflowCommit commit)
    {
        try
        {
            _changes!.Committed(commit);
        }
#pragma warning disable CA1031 // The command is stored; a listener's bug must not turn it into an error for the caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "A workflow change listener failed after {Command} on case {CaseId}", commit.Command, commit.CaseId);
        }
    }

    /// <summary>Records a command that ended with <paramref name="exception"/>; false, so the exception goes on unchanged.</summary>
    private static bool CommandFailed(Activity? activity, string command, Exception exception)
    {
        var outcome = exception switch
        {
            NothingToDoException => "nothing",
            WorkflowConcurrencyException => "conflict",
            WorkflowFaultException => "error",
            WorkflowException => "rejected",
            OperationCanceledException => "cancelled",
            _ => "error",
        };
        WorkflowTelemetry.CommandFinished(command, outcome);
        if (activity is not null)
        {
            activity.SetTag("iso.outcome", outcome);
            if (outcome is "error" or "conflict")
            {
                activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            }
        }

        return false;
    }

    /// <summary>Ends a command without storing anything (e.g. a timer someone else already fired).</summary>
    private sealed class NothingToDoException : Exception;
}
