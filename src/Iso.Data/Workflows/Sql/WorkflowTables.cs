using System.Runtime.CompilerServices;
using Iso.Data.Cases;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Iso.Data.Workflows.Sql;

/// <summary>The engine's tables and the statements a command needs, built once per database from the EF model.</summary>
internal sealed class WorkflowTables
{
    // EF builds a model once per context type and options and shares it; so are these tables and their compiled accessors.
    private static readonly ConditionalWeakTable<IModel, WorkflowTables> ByModel = [];

    private readonly string[] _sql = new string[(int)Statement.Count];

    private WorkflowTables(IModel model)
    {
        Cases = new RecordTable<WorkflowCaseRecord>(model);
        Tasks = new RecordTable<WorkflowTaskRecord>(model);
        Timers = new RecordTable<WorkflowTimerRecord>(model);
        Journal = new RecordTable<WorkflowJournalEntry>(model);
        Notifications = new RecordTable<WorkflowNotificationRecord>(model);
        Apologies = new RecordTable<WorkflowApologyRecord>(model);
        Effects = new RecordTable<WorkflowEffectRecord>(model);
        Receptions = new RecordTable<CaseReception>(model);

        var cases = SqlText.Quote(Cases.Name);
        var tasks = SqlText.Quote(Tasks.Name);
        var timers = SqlText.Quote(Timers.Name);
        _sql[(int)Statement.SelectCase] = $"SELECT {Cases.SelectList} FROM {cases} WHERE {Cases.ColumnOf(nameof(WorkflowCaseRecord.Id))} = @id";
        _sql[(int)Statement.SelectTasksOfCase] = $"SELECT {Tasks.SelectList} FROM {tasks} WHERE {Tasks.ColumnOf(nameof(WorkflowTaskRecord.CaseId))} = @id " +
            $"ORDER BY {Tasks.ColumnOf(nameof(WorkflowTaskRecord.CreatedAt))}, {Tasks.ColumnOf(nameof(WorkflowTaskRecord.Id))}";
        _sql[(int)Statement.SelectPendingTimersOfCase] = $"SELECT {Timers.SelectList} FROM {timers} WHERE {Timers.ColumnOf(nameof(WorkflowTimerRecord.CaseId))} = @id " +
            $"AND {Timers.ColumnOf(nameof(WorkflowTimerRecord.Status))} = @status";
        _sql[(int)Statement.SelectTimer] = $"SELECT {Timers.SelectList} FROM {timers} WHERE {Timers.ColumnOf(nameof(WorkflowTimerRecord.Id))} = @id";
        _sql[(int)Statement.SelectCaseOfTask] = $"SELECT {Tasks.ColumnOf(nameof(WorkflowTaskRecord.CaseId))} FROM {tasks} WHERE {Tasks.ColumnOf(nameof(WorkflowTaskRecord.Id))} = @id";
        // The same three reads found through a task (@id is the task's): the case of a task and its load in one round trip.
        var caseOfTask = $"({_sql[(int)Statement.SelectCaseOfTask]})";
        _sql[(int)Statement.SelectCaseByTask] = _sql[(int)Statement.SelectCase].Replace("= @id", "= " + caseOfTask, StringComparison.Ordinal);
        _sql[(int)Statement.SelectTasksOfCaseByTask] = _sql[(int)Statement.SelectTasksOfCase].Replace("= @id", "= " + caseOfTask, StringComparison.Ordinal);
        _sql[(int)Statement.SelectPendingTimersOfCaseByTask] = _sql[(int)Statement.SelectPendingTimersOfCase].Replace("= @id", "= " + caseOfTask, StringComparison.Ordinal);
        _sql[(int)Statement.InsertCase] = Cases.InsertSql;
        // The case row's optimistic write: it changes nothing unless the stored version is the loaded one.
        _sql[(int)Statement.UpdateCase] = $"{Cases.UpdateSql} AND {Cases.ColumnOf(nameof(WorkflowCaseRecord.Version))} = @expected";
        _sql[(int)Statement.InsertTask] = Tasks.InsertSql;
        _sql[(int)Statement.UpdateTask] = Tasks.UpdateSql;
        _sql[(int)Statement.InsertTimer] = Timers.InsertSql;
        _sql[(int)Statement.UpdateTimer] = Timers.UpdateSql;
        _sql[(int)Statement.InsertJournal] = Journal.InsertSql;
        _sql[(int)Statement.InsertNotification] = Notifications.InsertSql;
        _sql[(int)Statement.InsertApology] = Apologies.InsertSql;
        _sql[(int)Statement.UpdateApology] = Apologies.UpdateSql;
        _sql[(int)Statement.InsertEffect] = Effects.InsertSql;
        _sql[(int)Statement.InsertReception] = Receptions.InsertSql;
        _sql[(int)Statement.Begin] = "BEGIN";
        _sql[(int)Statement.BeginImmediate] = "BEGIN IMMEDIATE";
        _sql[(int)Statement.Commit] = "COMMIT";
        _sql[(int)Statement.Rollback] = "ROLLBACK";
        PendingTimerStatus = Timers.ToProvider(nameof(WorkflowTimerRecord.Status), TimerStatus.Pending);
    }

    /// <summary>The stored form of <see cref="TimerStatus.Pending"/>.</summary>
    public object PendingTimerStatus { get; }

    public string SqlOf(Statement statement) => _sql[(int)statement];

    public static WorkflowTables For(IModel model) => ByModel.GetValue(model, m => new WorkflowTables(m));

    public RecordTable<WorkflowCaseRecord> Cases { get; }

    public RecordTable<WorkflowTaskRecord> Tasks { get; }

    public RecordTable<WorkflowTimerRecord> Timers { get; }

    public RecordTable<WorkflowJournalEntry> Journal { get; }

    public RecordTable<WorkflowNotificationRecord> Notifications { get; }

    public RecordTable<WorkflowApologyRecord> Apologies { get; }

    public RecordTable<WorkflowEffectRecord> Effects { get; }

    /// <summary>The one-stop desk's reception of a case (only bulk seeding writes it here; reception writes it through EF).</summary>
    public RecordTable<CaseReception> Receptions { get; }
}
