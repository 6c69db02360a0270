using System.Text.Json;
using Iso.Workflows.Calendar;

namespace Iso.Workflows.Definitions;

/// <summary>One workflow definition as written in <c>workflows/*.json</c> (ADR 0003). Immutable.</summary>
public sealed record WorkflowDefinition(
    string Key,
    int Version,
    string Name,
    string? NameEn,
    string? Category,
    IReadOnlyList<string> AppliesTo,
    DurationSpec? TimeLimit,
    bool Intake,
    IReadOnlyList<VariableDefinition> Variables,
    ActionCall? OnCaseOverdue,
    IReadOnlyList<NodeDefinition> Nodes)
{
    /// <summary>The documents an applicant hands in (thành phần hồ sơ), as the procedure lists them; reception ticks them off.</summary>
    public IReadOnlyList<RequiredDocument> RequiredDocuments { get; init; } = [];
}

/// <summary>One document of a TTHC file (thành phần hồ sơ): its name, how many copies, and whether it may be missing.</summary>
public sealed record RequiredDocument(string Name, int Copies, bool Optional);

/// <summary>A working-time length: <c>{ "workingDays": n }</c>, <c>{ "workingHours": n }</c> or <c>{ "notCounted": true }</c>.</summary>
public sealed record DurationSpec(decimal? WorkingDays, decimal? WorkingHours, bool NotCounted)
{
    /// <summary>The counted working time, or null when the duration is not counted.</summary>
    public WorkingDuration? ToWorkingDuration() =>
        NotCounted ? null
        : WorkingDays is { } days ? WorkingDuration.FromDays(days)
        : WorkingHours is { } hours ? WorkingDuration.FromHours(hours)
        : null;

    public static DurationSpec Days(decimal days) => new(days, null, false);

    public static DurationSpec Hours(decimal hours) => new(null, hours, false);
}

// The member names mirror the JSON type names of ADR 0003.
#pragma warning disable CA1720
public enum VariableType
{
    String = 0,
    Number = 1,
    Boolean = 2,
    Date = 3,
}

/// <summary>A case variable. Values are held as <see cref="string"/>, <see cref="double"/>, <see cref="bool"/>
/// or, for dates, an ISO <c>yyyy-MM-dd</c> string; null means unset.</summary>
public sealed record VariableDefinition(string Name, VariableType Type, object? Default, string? Label);

/// <summary>A named system action with its parameters (a JSON object, kept raw for the handler).</summary>
public sealed record ActionCall(string Action, JsonElement? Parameters);

public enum NodeKind
{
    Start = 0,
    UserTask = 1,
    Decision = 2,
    Fork = 3,
    Join = 4,
    Timer = 5,
    Action = 6,
    End = 7,
}

/// <summary>A node of the graph. <see cref="Index"/> is its position in <c>nodes</c> (for JSON paths).</summary>
public abstract record NodeDefinition(string Id, int Index)
{
    public abstract NodeKind Kind { get; }
}

public sealed record StartNode(string Id, int Index, string To) : NodeDefinition(Id, Index)
{
    public override NodeKind Kind => NodeKind.Start;
}

public sealed record CandidateSpec(string Role, string? Unit);

public enum FieldType
{
    String = 0,
    Text = 1,
    Number = 2,
    Boolean = 3,
    Date = 4,
}
#pragma warning restore CA1720

public sealed record FormField(string Name, FieldType Type, string? Label, bool Required);

/// <summary>A named way out of a human step; <see cref="Set"/> assigns case variables when it is chosen.</summary>
public sealed record OutcomeDefinition(
    string Name,
    string? Label,
    string To,
    IReadOnlyDictionary<string, object?> Set,
    bool RequireComment);

public sealed record UserTaskNode(
    string Id,
    int Index,
    string Title,
    string? Instructions,
    CandidateSpec Candidate,
    string? Assignee,
    DurationSpec? Duration,
    IReadOnlyList<FormField> Form,
    IReadOnlyList<OutcomeDefinition> Outcomes,
    ActionCall? OnOverdue) : NodeDefinition(Id, Index)
{
    public override NodeKind Kind => NodeKind.UserTask;
}

public sealed record DecisionBranch(string When, string To);

public sealed record DecisionNode(string Id, int Index, IReadOnlyList<DecisionBranch> Branches, string? Otherwise) : NodeDefinition(Id, Index)
{
    public override NodeKind Kind => NodeKind.Decision;
}

public sealed record ForkNode(string Id, int Index, IReadOnlyList<string> To) : NodeDefinition(Id, Index)
{
    public override NodeKind Kind => NodeKind.Fork;
}

public enum JoinMode
{
    All = 0,
    Any = 1,
}

public sealed record JoinNode(string Id, int Index, JoinMode Mode, string To) : NodeDefinition(Id, Index)
{
    public override NodeKind Kind => NodeKind.Join;
}

public sealed record TimerNode(string Id, int Index, DurationSpec Duration, string To) : NodeDefinition(Id, Index)
{
    public override NodeKind Kind => NodeKind.Timer;
}

public sealed record ActionNode(string Id, int Index, string Action, JsonElement? Parameters, string To) : NodeDefinition(Id, Index)
{
    public override NodeKind Kind => NodeKind.Action;
}

public sealed record EndNode(string Id, int Index, string Result) : NodeDefinition(Id, Index)
{
    public override NodeKind Kind => NodeKind.End;
}
