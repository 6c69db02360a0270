using System.Text.Json;
using Iso.Data;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>A field of the step's form as the definition gives it, with the case's value when the field names a variable.</summary>
public sealed record FormFieldView(string Name, string Type, string Label, bool Required, string? Value);

/// <summary>A way out of the step; <see cref="RequireComment"/>: a return or refusal, which needs a comment.</summary>
public sealed record OutcomeView(string Name, string Label, bool RequireComment);

/// <summary>One event of the case's journal, in words: who (by name), which step; <see cref="OutcomeLabel"/> is the
/// outcome as its own step names it (the entry's step, not the task being shown), or the outcome's key when the step no
/// longer names it.</summary>
public sealed record TimelineEntry(
    long Sequence, DateTimeOffset At, string Kind, string? ActorName, string? Step, string? Outcome, string? Comment, string? OutcomeLabel = null);

/// <summary>Everything the task page shows and what the caller may do there.</summary>
public sealed record TaskDetails(
    TaskView Task,
    decimal? WorkingHoursLeft,
    string? CaseReference,
    string ProcedureName,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CaseDueAt,
    string CaseStatus,
    string InstructionsHtml,
    IReadOnlyList<FormFieldView> Form,
    IReadOnlyList<OutcomeView> Outcomes,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<CaseFileInfo> Files,
    string? AssigneeName,
    string? CompletedByName,
    bool MayWork,
    bool MayClaim,
    bool MayRelease,
    bool MayReassign);

/// <summary>A task with its step (instructions as sanitised HTML, form, outcomes), its case's timeline and files: own
/// agency, or any for cross-agency readers (who may read, never act).</summary>
public sealed class GetTask(
    IWorkflowStore store,
    IWorkflowRuntime runtime,
    TaskSteps steps,
    SafeMarkdown markdown,
    CaseFiles files,
    IAuthorizationService authorization,
    IDbContextFactory<IsoDbContext> contexts,
    IWorkingCalendar calendar,
    CaseClock clock)
{
    private static readonly HashSet<string> TimelineKinds =
    [
        JournalKinds.CaseStarted, JournalKinds.TaskCreated, JournalKinds.TaskClaimed, JournalKinds.TaskReleased, JournalKinds.TaskReassigned,
        JournalKinds.TaskCompleted, JournalKinds.TaskOverdue, JournalKinds.CaseOverdue, JournalKinds.ApologyDrafted, JournalKinds.ApologyIssued, JournalKinds.CaseFaulted,
        JournalKinds.CaseFaultRetried, JournalKinds.CaseCancelled, JournalKinds.CaseCompleted,
    ];

    public async Task<Result<TaskDetails>> HandleAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var task = await store.FindTaskAsync(taskId, cancellationToken);
        if (task is null || !caller.MayRead(task.AgencyId))
        {
            return CaseAccess.TaskNotFound(taskId);
        }

        var workflowCase = (await store.FindCaseAsync(task.CaseId, cancellationToken))!;
        var definition = await steps.DefinitionOfAsync(workflowCase, cancellationToken);
        var step = TaskSteps.Step(definition, task.NodeId);
        var journal = await store.GetJournalAsync(task.CaseId, cancellationToken);
        var attached = await files.ListAsync(caller, task.CaseId, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = journal.Select(e => e.ActorId).Append(task.AssigneeId).Append(task.CompletedById).OfType<Guid>().Distinct().ToArray();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, cancellationToken);
        var procedureNames = await GetInbox.ProcedureNamesAsync(db, workflowCase.AgencyId, cancellationToken);

        var open = task.Status == WorkflowTaskStatus.Open && workflowCase.Status == CaseStatus.Running;
        var actsHere = caller.MayActIn(task.AgencyId);
        var actor = caller.ToWorkflowActor();
        var candidate = actor.HasRole(task.CandidateRole) && (task.CandidateUnitCode is not { } unit || actor.InUnit(unit));
        var mayWork = open && actsHere && (task.AssigneeId == caller.UserId || (task.AssigneeId is null && candidate));
        var mayReassign = open && actsHere && await authorization.AllowsAsync(caller, IsoPolicies.Approve);
        var (_, hoursLeft) = GetInbox.Standing(task, runtime, calendar, clock.Now);

        return new TaskDetails(
            task.ToView(runtime),
            hoursLeft,
            workflowCase.Reference,
            procedureNames.GetValueOrDefault(workflowCase.DefinitionKey, definition?.Name ?? workflowCase.DefinitionKey),
            workflowCase.ReceivedAt,
            workflowCase.DueAt,
            workflowCase.Status.ToString(),
            markdown.ToHtml(step?.Instructions),
            step is null ? [] : [.. step.Form.Select(f => new FormFieldView(f.Name, f.Type.ToString(), f.Label ?? f.Name, f.Required, ValueOf(task, workflowCase, f.Name)))],
            step is null ? [] : [.. step.Outcomes.Select(o => new OutcomeView(o.Name, o.Label ?? o.Name, o.RequireComment))],
            [.. journal.Where(e => TimelineKinds.Contains(e.Kind)).Select(e => new TimelineEntry(
                e.Sequence, e.At, e.Kind, e.ActorId is { } a ? names.GetValueOrDefault(a) : null, StepTitle(definition, e.NodeId), e.Outcome, e.Comment,
                OutcomeLabelOf(definition, e.NodeId, e.Outcome)))],
            attached.Succeeded ? attached.Value : [],
            task.AssigneeId is { } assignee ? names.GetValueOrDefault(assignee) : null,
            task.CompletedById is { } by ? names.GetValueOrDefault(by) : null,
            mayWork,
            open && actsHere && task.AssigneeId is null && candidate,
            open && actsHere && task.AssigneeId == caller.UserId,
            mayReassign);
    }

    private static string? StepTitle(WorkflowDefinition? definition, string? nodeId) =>
        nodeId is null ? null : TaskSteps.Step(definition, nodeId)?.Title;

    private static string? OutcomeLabelOf(WorkflowDefinition? definition, string? nodeId, string? outcome) =>
        outcome is null || nodeId is null ? outcome : TaskSteps.Step(definition, nodeId)?.Outcomes.FirstOrDefault(o => o.Name == outcome)?.Label ?? outcome;

    /// <summary>What was submitted for the field (a completed task), else the case variable of that name, as text.</summary>
    private static string? ValueOf(WorkflowTaskRecord task, WorkflowCaseRecord workflowCase, string name)
    {
        foreach (var json in new[] { task.FormDataJson, workflowCase.VariablesJson })
        {
            if (json is null)
            {
                continue;
            }

            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value))
            {
                return value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => value.GetRawText(),
                };
            }
        }

        return null;
    }
}
