using System.Runtime.CompilerServices;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Iso.Data.Workflows.Sql;

/// <summary>The engine's tables and the statements a command needs, built once per database from the EF model.</summary>
internal sealed class WorkflowTables
{
    // EF builds a model once per context type and options and shares it; so are these tables and their compiled accessors.
    private static readonly ConditionalWeakTable<IModel, WorkflowTables> ByModel = [];

    private WorkflowTables(IModel model)
    {
        Cases = new RecordTable<WorkflowCaseRecord>(model);
        Tasks = new RecordTable<WorkflowTaskRecord>(model);
        Timers = new RecordTable<WorkflowTimerRecord>(model);
        Journal = new RecordTable<WorkflowJournalEntry>(model);
        Notifications = new RecordTable<WorkflowNotificationRecord>(model);
        Apologies = new RecordTable<WorkflowApologyRecord>(model);

        var cases = SqlText.Quote(Cases.Name);
        var tasks = SqlText.Quote(Tasks.Name);
        var timers = SqlText.Quote(Timers.Name);
        SelectCase = $"SELECT {Cases.SelectList} FROM {cases} WHERE {Cases.ColumnOf(nameof(WorkflowCaseRecord.Id))} = @id";
        SelectTasksOfCase = $"SELECT {Tasks.SelectList} FROM {tasks} WHERE {Tasks.ColumnOf(nameof(WorkflowTaskRecord.CaseId))} = @id " +
            $"ORDER BY {Tasks.ColumnOf(nameof(WorkflowTaskRecord.CreatedAt))}, {Tasks.ColumnOf(nameof(WorkflowTaskRecord.Id))}";
        SelectPendingTimersOfCase = $"SELECT {Timers.SelectList} FROM {timers} WHERE {Timers.ColumnOf(nameof(WorkflowTimerRecord.CaseId))} = @id " +
            $"AND {Timers.ColumnOf(nameof(WorkflowTimerRecord.Status))} = @status";
        SelectTimer = $"SELECT {Timers.SelectList} FROM {timers} WHERE {Timers.ColumnOf(nameof(WorkflowTimerRecord.Id))} = @id";
        SelectCaseOfTask = $"SELECT {Tasks.ColumnOf(nameof(WorkflowTaskRecord.CaseId))} FROM {tasks} WHERE {Tasks.ColumnOf(nameof(WorkflowTaskRecord.Id))} = @id";
        UpdateCaseIfVersion = $"{Cases.UpdateSql} AND {Cases.ColumnOf(nameof(WorkflowCaseRecord.Version))} = @expected";
    }

    public string SqlOf(Statement statement) => statement switch
    {
        Statement.SelectCase => SelectCase,
        Statement.SelectTasksOfCase => SelectTasksOfCase,
        Statement.SelectPendingTimersOfCase => SelectPendingTimersOfCase,
        Statement.SelectTimer => SelectTimer,
        Statement.SelectCaseOfTask => SelectCaseOfTask,
        Statement.InsertCase => Cases.InsertSql,
        Statement.UpdateCase => UpdateCaseIfVersion,
        Statement.InsertTask => Tasks.InsertSql,
        Statement.UpdateTask => Tasks.UpdateSql,
        Statement.InsertTimer => Timers.InsertSql,
        Statement.UpdateTimer => Timers.UpdateSql,
        Statement.InsertJournal => Journal.InsertSql,
        Statement.InsertNotification => Notifications.InsertSql,
        Statement.InsertApology => Apologies.InsertSql,
        Statement.Begin => "BEGIN",
        Statement.BeginImmediate => "BEGIN IMMEDIATE",
        Statement.Commit => "COMMIT",
        Statement.Rollback => "ROLLBACK",
        _ => throw new ArgumentOutOfRangeException(nameof(statement), statement, null),
    };

    public static WorkflowTables For(IModel model) => ByModel.GetValue(model, m => new WorkflowTables(m));

    public RecordTable<WorkflowCaseRecord> Cases { get; }

    public RecordTable<WorkflowTaskRecord> Tasks { get; }

    public RecordTable<WorkflowTimerRecord> Timers { get; }

    public RecordTable<WorkflowJournalEntry> Journal { get; }

    public RecordTable<WorkflowNotificationRecord> Notifications { get; }

    public RecordTable<WorkflowApologyRecord> Apologies { get; }

    public string SelectCase { get; }

    public string SelectTasksOfCase { get; }

    public string SelectPendingTimersOfCase { get; }

    public string SelectTimer { get; }

    public string SelectCaseOfTask { get; }

    /// <summary>The case row's optimistic write: it changes nothing unless the stored version is the loaded one.</summary>
    public string UpdateCaseIfVersion { get; }
}
