using System.Text.Json;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>A human step. <see cref="DueState"/> (OnTime, DueSoon, Overdue) is given for open tasks with a due date.</summary>
public sealed record TaskView(
    Guid Id,
    Guid CaseId,
    string DefinitionKey,
    string NodeId,
    string Title,
    string CandidateRole,
    string? CandidateUnitCode,
    Guid? AssigneeId,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    string? DueState,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset? CompletedAt,
    Guid? CompletedById,
    string? Outcome,
    string? Comment);

/// <summary>The state of a case after a command: its status and the tasks now open.</summary>
public sealed record CommandView(Guid CaseId, string Status, string? Result, IReadOnlyList<TaskView> OpenTasks)
{
    /// <summary>The case code (mã hồ sơ) when the command knows it (a start does).</summary>
    public string? CaseCode { get; init; }
}

public sealed record JournalEntryView(
    long Sequence,
    DateTimeOffset At,
    string Kind,
    Guid? ActorId,
    string? NodeId,
    Guid? TaskId,
    string? Outcome,
    string? Comment,
    JsonElement? Data,
    string Hash);

/// <summary>Whether the journal's hash chain is intact and its head matches the keyed checkpoint; otherwise the first entry
/// that does not verify and why. <see cref="Checkpoint"/>: Valid, Missing, Mismatch, OtherKey, or NotChecked when the chain is broken.</summary>
public sealed record JournalVerificationView(bool IsValid, long? FirstBrokenSequence, string? Problem, string Checkpoint);

/// <summary>A case with all its tasks (oldest first), its journal and the verification of that journal.</summary>
public sealed record CaseDetails(
    Guid Id,
    Guid AgencyId,
    string DefinitionKey,
    int DefinitionVersion,
    string? Reference,
    string Status,
    string? Result,
    Guid? InitiatorId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset CountedFrom,
    DateTimeOffset? DueAt,
    string? DueState,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    JsonElement Variables,
    IReadOnlyList<TaskView> Tasks,
    IReadOnlyList<JournalEntryView> Journal,
    JournalVerificationView JournalVerification)
{
    /// <summary>The case code (mã hồ sơ), shown instead of the id wherever people read it.</summary>
    public string? Code { get; init; }
}

internal static class CaseViews
{
    public static TaskView ToView(this WorkflowTaskRecord task, IWorkflowRuntime runtime) => new(
        task.Id,
        task.CaseId,
        task.DefinitionKey,
        task.NodeId,
        task.Title,
        task.CandidateRole,
        task.CandidateUnitCode,
        task.AssigneeId,
        task.Status.ToString(),
        task.CreatedAt,
        task.DueAt,
        task.Status == WorkflowTaskStatus.Open && task.DueAt is not null ? runtime.GetDueState(task).ToString() : null,
        task.ClaimedAt,
        task.CompletedAt,
        task.CompletedById,
        task.Outcome,
        task.Comment);

    public static CommandView ToView(this CommandResult result, IWorkflowRuntime runtime) =>
        new(result.CaseId, result.Status.ToString(), result.Result, [.. result.OpenTasks.Select(t => t.ToView(runtime))]);

    public static JournalEntryView ToView(this WorkflowJournalEntry entry) => new(
        entry.Sequence,
        entry.At,
        entry.Kind,
        entry.ActorId,
        entry.NodeId,
        entry.TaskId,
        entry.Outcome,
        entry.Comment,
        entry.DataJson is null ? null : ParseJson(entry.DataJson),
        entry.Hash);

    public static CaseDetails ToDetails(
        this WorkflowCaseRecord workflowCase,
        IReadOnlyList<WorkflowTaskRecord> tasks,
        IReadOnlyList<WorkflowJournalEntry> journal,
        JournalVerificationResult verification,
        IWorkflowRuntime runtime) => new(
        workflowCase.Id,
        workflowCase.AgencyId,
        workflowCase.DefinitionKey,
        workflowCase.DefinitionVersion,
        workflowCase.Reference,
        workflowCase.Status.ToString(),
        workflowCase.Result,
        workflowCase.InitiatorId,
        workflowCase.ReceivedAt,
        workflowCase.CountedFrom,
        workflowCase.DueAt,
        workflowCase.Status == CaseStatus.Running && workflowCase.DueAt is not null ? runtime.GetDueState(workflowCase).ToString() : null,
        workflowCase.StartedAt,
        workflowCase.CompletedAt,
        ParseJson(workflowCase.VariablesJson),
        [.. tasks.Select(t => t.ToView(runtime))],
        [.. journal.Select(e => e.ToView())],
        new JournalVerificationView(verification.IsValid, verification.FirstBrokenSequence, verification.Problem, verification.Checkpoint.ToString()))
    {
        Code = workflowCase.Code,
    };

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
