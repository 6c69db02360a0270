using Iso.Data.Cases;
using Iso.Workflows.Persistence;

namespace Iso.Data.Workflows.Sql;

/// <summary>What one command staged: written in this order (cases before the rows that reference them), all or nothing.</summary>
internal sealed class StagedChanges
{
    public List<WorkflowCaseRecord> NewCases { get; } = [];

    /// <summary>Receptions of new cases (bulk seeding only: the engine's commands stage none).</summary>
    public List<CaseReception> Receptions { get; } = [];

    /// <summary>Changed cases with the version they had when loaded (the optimistic check).</summary>
    public List<(WorkflowCaseRecord Case, long LoadedVersion)> ChangedCases { get; } = [];

    /// <summary>Tasks by id, in staging order; <c>IsNew</c> when the command created the task.</summary>
    public Dictionary<Guid, (WorkflowTaskRecord Task, bool IsNew)> Tasks { get; } = [];

    public Dictionary<Guid, (WorkflowTimerRecord Timer, bool IsNew)> Timers { get; } = [];

    public List<WorkflowJournalEntry> Journal { get; } = [];

    public List<WorkflowNotificationRecord> Notifications { get; } = [];

    public List<WorkflowApologyRecord> Apologies { get; } = [];

    public Dictionary<Guid, WorkflowApologyRecord> ChangedApologies { get; } = [];

    /// <summary>Effects on the host's data; written last, so a trigger applying one sees the step's tasks already written.</summary>
    public List<WorkflowEffectRecord> Effects { get; } = [];

    /// <summary>Every row to write, in order: cases before the rows that reference them.</summary>
    public List<RowWrite> Plan(WorkflowTables tables)
    {
        var rows = new List<RowWrite>(NewCases.Count + Receptions.Count + ChangedCases.Count + Tasks.Count + Timers.Count + Journal.Count + Notifications.Count + Apologies.Count + ChangedApologies.Count + Effects.Count);
        foreach (var workflowCase in NewCases)
        {
            rows.Add(new RowWrite(Statement.InsertCase, tables.Cases, workflowCase));
        }

        foreach (var reception in Receptions)
        {
            rows.Add(new RowWrite(Statement.InsertReception, tables.Receptions, reception));
        }

        foreach (var (workflowCase, loadedVersion) in ChangedCases)
        {
            rows.Add(new RowWrite(Statement.UpdateCase, tables.Cases, workflowCase,
                tables.Cases.ToProvider(nameof(WorkflowCaseRecord.Version), loadedVersion), RowCheck.CaseVersion));
        }

        foreach (var (task, isNew) in Tasks.Values)
        {
            rows.Add(isNew ? new RowWrite(Statement.InsertTask, tables.Tasks, task) : new RowWrite(Statement.UpdateTask, tables.Tasks, task, Check: RowCheck.Exists));
        }

        foreach (var (timer, isNew) in Timers.Values)
        {
            rows.Add(isNew ? new RowWrite(Statement.InsertTimer, tables.Timers, timer) : new RowWrite(Statement.UpdateTimer, tables.Timers, timer, Check: RowCheck.Exists));
        }

        foreach (var entry in Journal)
        {
            rows.Add(new RowWrite(Statement.InsertJournal, tables.Journal, entry));
        }

        foreach (var notification in Notifications)
        {
            rows.Add(new RowWrite(Statement.InsertNotification, tables.Notifications, notification));
        }

        foreach (var apology in Apologies)
        {
            rows.Add(new RowWrite(Statement.InsertApology, tables.Apologies, apology));
        }

        foreach (var apology in ChangedApologies.Values)
        {
            rows.Add(new RowWrite(Statement.UpdateApology, tables.Apologies, apology, Check: RowCheck.Exists));
        }

        foreach (var effect in Effects)
        {
            rows.Add(new RowWrite(Statement.InsertEffect, tables.Effects, effect));
        }

        return rows;
    }

    public bool IsEmpty =>
        NewCases.Count == 0 && Receptions.Count == 0 && ChangedCases.Count == 0 && Tasks.Count == 0 && Timers.Count == 0
        && Journal.Count == 0 && Notifications.Count == 0 && Apologies.Count == 0 && ChangedApologies.Count == 0 && Effects.Count == 0;
}

/// <summary>What a write must have changed: nothing to check (inserts), exactly one row with the loaded version (the
/// case's optimistic check), or exactly one existing row (tasks and timers, guarded by their case's check).</summary>
internal enum RowCheck
{
    None,
    CaseVersion,
    Exists,
}

/// <summary>One row to write: the statement, its table and record, and for the case's UPDATE the loaded version.</summary>
internal readonly record struct RowWrite(Statement Statement, IRecordTable Table, object Record, object? Expected = null, RowCheck Check = RowCheck.None)
{
    /// <summary>The error when the write changed <paramref name="rows"/> rows, or null when that is right.</summary>
    public WorkflowConcurrencyException? Failure(int rows) => Check switch
    {
        RowCheck.CaseVersion when rows != 1 => new WorkflowConcurrencyException(
            $"Hồ sơ {((WorkflowCaseRecord)Record).Id} vừa được người khác thay đổi (the case was changed by someone else meanwhile)."),
        RowCheck.Exists when rows != 1 => new WorkflowConcurrencyException($"{Table.Name}: the row to update no longer exists."),
        _ => null,
    };
}
