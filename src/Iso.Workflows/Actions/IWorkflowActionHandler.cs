using System.Text.Json;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Actions;

/// <summary>
/// A named system action (<c>notify</c>, <c>apology.issue</c>, <c>document.publish</c>, …) provided by the host.
/// It runs inside the command's unit of work: whatever it stages is committed with the step, and if it throws
/// nothing of the step is stored.
/// </summary>
public interface IWorkflowActionHandler
{
    /// <summary>The action name used in definitions, e.g. <c>notify</c>.</summary>
    string Name { get; }

    ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken);
}

/// <summary>What an action sees: the case, its variables, the parameters from the definition and the unit of work.</summary>
public sealed class WorkflowActionContext
{
    private readonly Action<string, string?> _journal;

    internal WorkflowActionContext(
        WorkflowCaseRecord workflowCase,
        IDictionary<string, object?> variables,
        string nodeId,
        Guid? taskId,
        WorkflowTaskRecord? task,
        JsonElement? parameters,
        DateTimeOffset now,
        IWorkflowUnitOfWork unitOfWork,
        IWorkingCalendar calendar,
        Action<string, string?> journal,
        IReadOnlyList<WorkflowTaskRecord>? caseTasks = null)
    {
        CaseTasks = caseTasks ?? [];
        Case = workflowCase;
        Variables = variables;
        NodeId = nodeId;
        TaskId = taskId;
        Task = task;
        Parameters = parameters;
        Now = now;
        UnitOfWork = unitOfWork;
        Calendar = calendar;
        _journal = journal;
    }

    public WorkflowCaseRecord Case { get; }

    /// <summary>The case variables; an action may change declared ones.</summary>
    public IDictionary<string, object?> Variables { get; }

    /// <summary>The action node, or the task node / "case" whose escalation runs the action.</summary>
    public string NodeId { get; }

    public Guid? TaskId { get; }

    /// <summary>The task whose escalation runs the action, if any.</summary>
    public WorkflowTaskRecord? Task { get; }

    public JsonElement? Parameters { get; }

    public DateTimeOffset Now { get; }

    public IWorkflowUnitOfWork UnitOfWork { get; }

    public IWorkingCalendar Calendar { get; }

    /// <summary>The case's tasks so far (open and completed), e.g. to find who approved the step before this action.</summary>
    public IReadOnlyList<WorkflowTaskRecord> CaseTasks { get; }

    /// <summary>Appends an event to the case journal (in the same transaction).</summary>
    public void Journal(string kind, string? dataJson = null) => _journal(kind, dataJson);

    /// <summary>A string parameter, or null.</summary>
    public string? GetString(string name) =>
        Parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>A number parameter, or null.</summary>
    public decimal? GetNumber(string name) =>
        Parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDecimal()
            : null;
}
