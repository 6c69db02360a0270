using System.Data.Common;
using Iso.Workflows.Persistence;

namespace Iso.Data.Workflows.Sql;

/// <summary>
/// One open connection and the engine's statements on it. Each statement is created (and, where the provider keeps
/// compiled statements, prepared) on first use and reused for the life of the connection, so a long-lived session
/// pays SQL parsing once. Not thread-safe: one command at a time.
/// <paramref name="embedded"/>: an in-process database (SQLite) whose "async" calls would only wrap synchronous work;
/// statements are then prepared once and run synchronously.
/// </summary>
internal sealed class SqlSession(DbConnection connection, WorkflowTables tables, bool embedded) : IAsyncDisposable
{
    private readonly DbCommand?[] _commands = new DbCommand?[(int)Statement.Count];

    private enum Statement
    {
        SelectCase,
        SelectTasksOfCase,
        SelectPendingTimersOfCase,
        SelectTimer,
        SelectCaseOfTask,
        InsertCase,
        UpdateCase,
        InsertTask,
        UpdateTask,
        InsertTimer,
        UpdateTimer,
        InsertJournal,
        InsertNotification,
        InsertApology,
        Begin,
        BeginImmediate,
        Commit,
        Rollback,
        Count,
    }

    public DbConnection Connection => connection;

    /// <summary>Starts a transaction (<paramref name="immediate"/>: SQLite takes the write lock now, not at the first write).</summary>
    public Task BeginAsync(bool immediate, CancellationToken cancellationToken) =>
        ExecuteAsync(Command(immediate ? Statement.BeginImmediate : Statement.Begin), cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => ExecuteAsync(Command(Statement.Commit), cancellationToken);

    /// <summary>Rolls back, ignoring "no transaction is active" (SQLite already rolled back on some errors).</summary>
    public async Task RollbackQuietlyAsync()
    {
        try
        {
            await ExecuteAsync(Command(Statement.Rollback), CancellationToken.None);
        }
        catch (DbException)
        {
            // Nothing was open any more; the transaction's changes are gone either way.
        }
    }

    public async Task<CaseSnapshot?> LoadCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var id = tables.Cases.ToProvider(nameof(WorkflowCaseRecord.Id), caseId);
        WorkflowCaseRecord? workflowCase = null;
        var select = Command(Statement.SelectCase);
        select.Parameters[0].Value = id;
        await using (var reader = await ReaderAsync(select, cancellationToken))
        {
            if (embedded ? reader.Read() : await reader.ReadAsync(cancellationToken))
            {
                workflowCase = tables.Cases.Read(reader);
            }
        }

        if (workflowCase is null)
        {
            return null;
        }

        var tasks = new List<WorkflowTaskRecord>();
        var selectTasks = Command(Statement.SelectTasksOfCase);
        selectTasks.Parameters[0].Value = id;
        await using (var reader = await ReaderAsync(selectTasks, cancellationToken))
        {
            while (embedded ? reader.Read() : await reader.ReadAsync(cancellationToken))
            {
                tasks.Add(tables.Tasks.Read(reader));
            }
        }

        var timers = new List<WorkflowTimerRecord>();
        var selectTimers = Command(Statement.SelectPendingTimersOfCase);
        selectTimers.Parameters[0].Value = id;
        await using (var reader = await ReaderAsync(selectTimers, cancellationToken))
        {
            while (embedded ? reader.Read() : await reader.ReadAsync(cancellationToken))
            {
                timers.Add(tables.Timers.Read(reader));
            }
        }

        return new CaseSnapshot(workflowCase, tasks, timers);
    }

    public async Task<Guid?> FindCaseIdOfTaskAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var select = Command(Statement.SelectCaseOfTask);
        select.Parameters[0].Value = tables.Tasks.ToProvider(nameof(WorkflowTaskRecord.Id), taskId);
        await using var reader = await ReaderAsync(select, cancellationToken);
        return (embedded ? reader.Read() : await reader.ReadAsync(cancellationToken)) ? reader.GetFieldValue<Guid>(0) : null;
    }

    public async Task<WorkflowTimerRecord?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken)
    {
        var select = Command(Statement.SelectTimer);
        select.Parameters[0].Value = tables.Timers.ToProvider(nameof(WorkflowTimerRecord.Id), timerId);
        await using var reader = await ReaderAsync(select, cancellationToken);
        return (embedded ? reader.Read() : await reader.ReadAsync(cancellationToken)) ? tables.Timers.Read(reader) : null;
    }

    /// <summary>
    /// Writes one command's changes inside the caller's transaction. Throws <see cref="WorkflowConcurrencyException"/>
    /// when a case's stored version is not the loaded one, or a new case or journal row already exists; the caller then
    /// rolls the transaction back, so nothing of the command remains.
    /// </summary>
    public async Task ApplyAsync(StagedChanges changes, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var workflowCase in changes.NewCases)
            {
                await InsertAsync(Statement.InsertCase, tables.Cases, workflowCase, cancellationToken);
            }

            foreach (var (workflowCase, loadedVersion) in changes.ChangedCases)
            {
                var update = Command(Statement.UpdateCase);
                tables.Cases.Bind(update, workflowCase);
                update.Parameters[^1].Value = tables.Cases.ToProvider(nameof(WorkflowCaseRecord.Version), loadedVersion);
                if (await ExecuteAsync(update, cancellationToken) != 1)
                {
                    throw new WorkflowConcurrencyException($"Hồ sơ {workflowCase.Id} vừa được người khác thay đổi (the case was changed by someone else meanwhile).");
                }
            }

            foreach (var (task, isNew) in changes.Tasks.Values)
            {
                await WriteAsync(isNew ? Statement.InsertTask : Statement.UpdateTask, tables.Tasks, task, isNew, cancellationToken);
            }

            foreach (var (timer, isNew) in changes.Timers.Values)
            {
                await WriteAsync(isNew ? Statement.InsertTimer : Statement.UpdateTimer, tables.Timers, timer, isNew, cancellationToken);
            }

            foreach (var entry in changes.Journal)
            {
                await InsertAsync(Statement.InsertJournal, tables.Journal, entry, cancellationToken);
            }

            foreach (var notification in changes.Notifications)
            {
                await InsertAsync(Statement.InsertNotification, tables.Notifications, notification, cancellationToken);
            }

            foreach (var apology in changes.Apologies)
            {
                await InsertAsync(Statement.InsertApology, tables.Apologies, apology, cancellationToken);
            }
        }
        catch (DbException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // A case id or a journal sequence that another command stored first: the same race, seen from an insert.
            throw new WorkflowConcurrencyException("Another command stored the same case or journal entry first.", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands)
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }

        await connection.DisposeAsync();
    }

    private Task InsertAsync<T>(Statement statement, RecordTable<T> table, T record, CancellationToken cancellationToken)
        where T : class =>
        WriteAsync(statement, table, record, isInsert: true, cancellationToken);

    private async Task WriteAsync<T>(Statement statement, RecordTable<T> table, T record, bool isInsert, CancellationToken cancellationToken)
        where T : class
    {
        var command = Command(statement);
        table.Bind(command, record);
        var rows = await ExecuteAsync(command, cancellationToken);
        if (!isInsert && rows != 1)
        {
            // Tasks and timers are updated only after their case was loaded and version-checked in this transaction.
            throw new WorkflowConcurrencyException($"{table.Name}: the row to update no longer exists.");
        }
    }

    private DbCommand Command(Statement statement)
    {
        if (_commands[(int)statement] is { } existing)
        {
            return existing;
        }

        var command = connection.CreateCommand();
        switch (statement)
        {
            case Statement.SelectCase:
                Text(command, tables.SelectCase).Parameters.Add(tables.Cases.CreateParameter(command, nameof(WorkflowCaseRecord.Id), "@id"));
                break;
            case Statement.SelectTasksOfCase:
                Text(command, tables.SelectTasksOfCase).Parameters.Add(tables.Tasks.CreateParameter(command, nameof(WorkflowTaskRecord.CaseId), "@id"));
                break;
            case Statement.SelectPendingTimersOfCase:
                Text(command, tables.SelectPendingTimersOfCase).Parameters.Add(tables.Timers.CreateParameter(command, nameof(WorkflowTimerRecord.CaseId), "@id"));
                var status = tables.Timers.CreateParameter(command, nameof(WorkflowTimerRecord.Status), "@status");
                status.Value = tables.Timers.ToProvider(nameof(WorkflowTimerRecord.Status), TimerStatus.Pending);
                command.Parameters.Add(status);
                break;
            case Statement.SelectTimer:
                Text(command, tables.SelectTimer).Parameters.Add(tables.Timers.CreateParameter(command, nameof(WorkflowTimerRecord.Id), "@id"));
                break;
            case Statement.SelectCaseOfTask:
                Text(command, tables.SelectCaseOfTask).Parameters.Add(tables.Tasks.CreateParameter(command, nameof(WorkflowTaskRecord.Id), "@id"));
                break;
            case Statement.InsertCase:
                Row(command, tables.Cases.InsertSql, tables.Cases);
                break;
            case Statement.UpdateCase:
                Row(command, tables.UpdateCaseIfVersion, tables.Cases);
                command.Parameters.Add(tables.Cases.CreateParameter(command, nameof(WorkflowCaseRecord.Version), "@expected"));
                break;
            case Statement.InsertTask:
                Row(command, tables.Tasks.InsertSql, tables.Tasks);
                break;
            case Statement.UpdateTask:
                Row(command, tables.Tasks.UpdateSql, tables.Tasks);
                break;
            case Statement.InsertTimer:
                Row(command, tables.Timers.InsertSql, tables.Timers);
                break;
            case Statement.UpdateTimer:
                Row(command, tables.Timers.UpdateSql, tables.Timers);
                break;
            case Statement.InsertJournal:
                Row(command, tables.Journal.InsertSql, tables.Journal);
                break;
            case Statement.InsertNotification:
                Row(command, tables.Notifications.InsertSql, tables.Notifications);
                break;
            case Statement.InsertApology:
                Row(command, tables.Apologies.InsertSql, tables.Apologies);
                break;
            case Statement.Begin:
                Text(command, "BEGIN");
                break;
            case Statement.BeginImmediate:
                Text(command, "BEGIN IMMEDIATE");
                break;
            case Statement.Commit:
                Text(command, "COMMIT");
                break;
            case Statement.Rollback:
                Text(command, "ROLLBACK");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(statement), statement, null);
        }

        if (embedded)
        {
            command.Prepare();
        }

        _commands[(int)statement] = command;
        return command;
    }

    private Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken) =>
        embedded ? Task.FromResult(command.ExecuteNonQuery()) : command.ExecuteNonQueryAsync(cancellationToken);

    private Task<DbDataReader> ReaderAsync(DbCommand command, CancellationToken cancellationToken) =>
        embedded ? Task.FromResult(command.ExecuteReader()) : command.ExecuteReaderAsync(cancellationToken);

    private static DbCommand Text(DbCommand command, string sql)
    {
        command.CommandText = sql;
        return command;
    }

    private static void Row<T>(DbCommand command, string sql, RecordTable<T> table)
        where T : class
    {
        command.CommandText = sql;
        table.AddParameters(command);
    }
}
