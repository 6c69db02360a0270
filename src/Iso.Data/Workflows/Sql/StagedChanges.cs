using Iso.Workflows.Persistence;

namespace Iso.Data.Workflows.Sql;

/// <summary>What one command staged: written in this order (cases before the rows that reference them), all or nothing.</summary>
internal sealed class StagedChanges
{
    public List<WorkflowCaseRecord> NewCases { get; } = [];

    /// <summary>Changed cases with the version they had when loaded (the optimistic check).</summary>
    public List<(WorkflowCaseRecord Case, long LoadedVersion)> ChangedCases { get; } = [];

    /// <summary>Tasks by id, in staging order; <c>IsNew</c> when the command created the task.</summary>
    public Dictionary<Guid, (WorkflowTaskRecord Task, bool IsNew)> Tasks { get; } = [];

    public Dictionary<Guid, (WorkflowTimerRecord Timer, bool IsNew)> Timers { get; } = [];

    public List<WorkflowJournalEntry> Journal { get; } = [];

    public List<WorkflowNotificationRecord> Notifications { get; } = [];

    public List<WorkflowApologyRecord> Apologies { get; } = [];

    public bool IsEmpty =>
        NewCases.Count == 0 && ChangedCases.Count == 0 && Tasks.Count == 0 && Timers.Count == 0
        && Journal.Count == 0 && Notifications.Count == 0 && Apologies.Count == 0;
}
