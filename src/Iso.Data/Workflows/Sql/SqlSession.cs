using System.Data.Common;
using Iso.Workflows.Persistence;

namespace Iso.Data.Workflows.Sql;

/// <summary>The statements of the command path; their SQL is in <see cref="WorkflowTables"/>.</summary>
internal enum Statement
{
    SelectCase,
    SelectTasksOfCase,
    SelectPendingTimersOfCase,
    SelectTimer,
    SelectCaseOfTask,
    SelectCaseByTask,
    SelectTasksOfCaseByTask,
    SelectPendingTimersOfCaseByTask,
    InsertCase,
    UpdateCase,
    InsertTask,
    UpdateTask,
    InsertTimer,
    UpdateTimer,
    InsertJournal,
    InsertNotification,
    InsertApology,
    UpdateApology,
    InsertEffect,
    InsertReception,
    Begin,
    BeginImmediate,
    Commit,
    Rollback,
    Count,
}

/// <summary>
/// One open connection and the engine's statements on it: what a command reads and how its staged changes are written,
/// the same for every database. Subclasses run the statements (<see cref="AdoSqlSession"/> through ADO.NET,
/// <see cref="SqliteSqlSession"/> on SQLite's own API). Not thread-safe: one command at a time.
/// </summary>
internal abstract class SqlSession(WorkflowTables tables) : IAsyncDisposable
{
    protected WorkflowTables Tables => tables;

    /// <summary>Starts a transaction (<paramref name="immediate"/>: SQLite takes the write lock now, not at the first write).</summary>
    public Task BeginAsync(bool immediate, CancellationToken cancellationToken) =>
        ExecuteAsync(immediate ? Statement.BeginImmediate : Statement.Begin, cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => ExecuteAsync(Statement.Commit, cancellationToken);

    /// <summary>Rolls back, ignoring "no transaction is active" (SQLite already rolled back on some errors).</summary>
    public async Task RollbackQuietlyAsync()
    {
        try
        {
            await ExecuteAsync(Statement.Rollback, CancellationToken.None);
        }
        catch (DbException)
        {
            // Nothing was open any more; the transaction's changes are gone either way.
        }
    }

    /// <summary>The case row, its tasks and its pending timers as of one moment: read in a transaction of their own,
    /// ended before returning (no lock held while the engine works). A session may read them otherwise
    /// (<see cref="AdoSqlSession"/>: one batch).</summary>
    public virtual async Task<CaseSnapshot?> LoadCaseSnapshotAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await BeginAsync(immediate: false, cancellationToken);
        try
        {
            return await LoadCaseAsync(caseId, cancellationToken);
        }
        finally
        {
            await RollbackQuietlyAsync();
        }
    }

    /// <summary>The case row first, then its tasks and pending timers (the caller decides the transaction).</summary>
    public async Task<CaseSnapshot?> LoadCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var id = tables.Cases.ToProvider(nameof(WorkflowCaseRecord.Id), caseId);
        var cases = await QueryAsync(Statement.SelectCase, tables.Cases, id, null, cancellationToken);
        if (cases.Count == 0)
        {
            return null;
        }

        var tasks = await QueryAsync(Statement.SelectTasksOfCase, tables.Tasks, id, null, cancellationToken);
        var timers = await QueryAsync(Statement.SelectPendingTimersOfCase, tables.Timers, id, tables.PendingTimerStatus, cancellationToken);
        return new CaseSnapshot(cases[0], tasks, timers);
    }

    /// <summary>The case a task belongs to, read as <see cref="LoadCaseSnapshotAsync"/> reads it (null when the task does not
    /// exist): its id, then the case, in one transaction. A session may read them otherwise (<see cref="AdoSqlSession"/>:
    /// one batch whose SELECTs find the case through the task).</summary>
    public virtual async Task<CaseSnapshot?> LoadCaseSnapshotOfTaskAsync(Guid taskId, CancellationToken cancellationToken)
    {
        await BeginAsync(immediate: false, cancellationToken);
        try
        {
            return await QueryGuidAsync(Statement.SelectCaseOfTask, tables.Tasks.ToProvider(nameof(WorkflowTaskRecord.Id), taskId), cancellationToken) is { } caseId
                ? await LoadCaseAsync(caseId, cancellationToken)
                : null;
        }
        finally
        {
            await RollbackQuietlyAsync();
        }
    }

    public async Task<WorkflowTimerRecord?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken)
    {
        var timers = await QueryAsync(Statement.SelectTimer, tables.Timers, tables.Timers.ToProvider(nameof(WorkflowTimerRecord.Id), timerId), null, cancellationToken);
        return timers.Count == 0 ? null : timers[0];
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
            await WriteRowsAsync(changes.Plan(tables), cancellationToken);
        }
        catch (DbException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw DuplicateRow(e);
        }
        catch (DbException e) when (DatabaseErrors.IsTriggerRefusal(e))
        {
            throw DatabaseErrors.Refused(e);
        }
    }

    /// <summary>A case id or a journal sequence that another command stored first: the same race, seen from an insert.</summary>
    public static WorkflowConcurrencyException DuplicateRow(DbException e) =>
        new("Another command stored the same case or journal entry first.", e);

    public abstract ValueTask DisposeAsync();

    /// <summary>A statement without parameters (BEGIN, COMMIT, ROLLBACK).</summary>
    protected abstract Task ExecuteAsync(Statement statement, CancellationToken cancellationToken);

    /// <summary>Binds every column of the row's record (and <c>@expected</c> when given) and runs its statement;
    /// returns the rows changed.</summary>
    protected abstract Task<int> WriteAsync(RowWrite row, CancellationToken cancellationToken);

    /// <summary>Writes the rows in order, one statement each, and throws the first row check that fails (then the
    /// caller rolls back). A session may send them otherwise (<see cref="AdoSqlSession"/>: one batch).</summary>
    protected virtual async Task WriteRowsAsync(List<RowWrite> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            if (row.Failure(await WriteAsync(row, cancellationToken)) is { } failure)
            {
                throw failure;
            }
        }
    }

    /// <summary>Rows of <paramref name="table"/> selected by <c>@id</c> (and <c>@status</c> when given).</summary>
    protected abstract Task<List<T>> QueryAsync<T>(Statement statement, RecordTable<T> table, object id, object? status, CancellationToken cancellationToken)
        where T : class;

    /// <summary>The one GUID a statement selects by <c>@id</c>, or null.</summary>
    protected abstract Task<Guid?> QueryGuidAsync(Statement statement, object id, CancellationToken cancellationToken);
}

/// <summary>
/// The session through ADO.NET (PostgreSQL, Npgsql). A session lives for one read or one commit on a pooled connection;
/// each statement's command is created on first use in it (its parameters are the template the batches clone), and
/// Npgsql prepares statements used again and again per connection (ADR 0031). A command's writes go as one batch, with the
/// transaction's BEGIN in front: a commit costs two round trips (the batch, then COMMIT) instead of one per row, so the
/// row locks a write takes (the case row, the statistics rows of ADR 0030) are held for that much less time.
/// </summary>
internal sealed class AdoSqlSession(DbConnection connection, WorkflowTables tables) : SqlSession(tables)
{
    private readonly DbCommand?[] _commands = new DbCommand?[(int)Statement.Count];

    /// <summary>BEGIN asked for and not yet sent: it goes in front of the next statement or batch (no round trip of its own).</summary>
    private bool _beginPending;

    public override async ValueTask DisposeAsync()
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

    protected override async Task ExecuteAsync(Statement statement, CancellationToken cancellationToken)
    {
        switch (statement)
        {
            case Statement.Begin:
                _beginPending = true;
                return;
            case Statement.Commit or Statement.Rollback when _beginPending:
                // Nothing was sent inside the transaction: there is nothing to end.
                _beginPending = false;
                return;
            default:
                await Command(statement).ExecuteNonQueryAsync(cancellationToken);
                return;
        }
    }

    protected override async Task<int> WriteAsync(RowWrite row, CancellationToken cancellationToken)
    {
        await SendPendingBeginAsync(cancellationToken);
        var command = Command(row.Statement);
        Bind(row, command.Parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task WriteRowsAsync(List<RowWrite> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var batch = connection.CreateBatch();
        if (_beginPending)
        {
            batch.BatchCommands.Add(BatchCommand(batch, Statement.Begin));
            _beginPending = false;
        }

        var first = batch.BatchCommands.Count;
        foreach (var row in rows)
        {
            var command = BatchCommand(batch, row.Statement);
            Bind(row, command.Parameters);
            batch.BatchCommands.Add(command);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e) when (e.BatchCommand is { } failed && batch.BatchCommands.IndexOf(failed) is var at && at > first
            && FirstFailure(rows, batch, first, at - first) is { } lost)
        {
            // A row check that failed before the statement that raised (e.g. the case's version, lost to another command)
            // is what happened: the later error is its consequence, as one statement at a time would have stopped there.
            throw lost;
        }

        if (FirstFailure(rows, batch, first, rows.Count) is { } failure)
        {
            throw failure;
        }
    }

    private static WorkflowConcurrencyException? FirstFailure(List<RowWrite> rows, DbBatch batch, int first, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (rows[i].Failure(batch.BatchCommands[first + i].RecordsAffected) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    /// <summary>One round trip: BEGIN (repeatable read, read only: one snapshot for the three SELECTs), the case, its
    /// tasks, its pending timers, COMMIT. Npgsql's reader gives the SELECTs' result sets in order and skips the others.</summary>
    public override Task<CaseSnapshot?> LoadCaseSnapshotAsync(Guid caseId, CancellationToken cancellationToken) =>
        LoadSnapshotAsync(Tables.Cases.ToProvider(nameof(WorkflowCaseRecord.Id), caseId), Statement.SelectCase, Statement.SelectTasksOfCase,
            Statement.SelectPendingTimersOfCase, cancellationToken);

    /// <summary>As <see cref="LoadCaseSnapshotAsync"/>, in the same one round trip: each SELECT finds the case through the
    /// task (no round trip of its own to ask which case holds the task).</summary>
    public override Task<CaseSnapshot?> LoadCaseSnapshotOfTaskAsync(Guid taskId, CancellationToken cancellationToken) =>
        LoadSnapshotAsync(Tables.Tasks.ToProvider(nameof(WorkflowTaskRecord.Id), taskId), Statement.SelectCaseByTask, Statement.SelectTasksOfCaseByTask,
            Statement.SelectPendingTimersOfCaseByTask, cancellationToken);

    private async Task<CaseSnapshot?> LoadSnapshotAsync(
        object id, Statement selectCase, Statement selectTasks, Statement selectTimers, CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        var begin = batch.CreateBatchCommand();
        begin.CommandText = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
        batch.BatchCommands.Add(begin);
        foreach (var statement in new[] { selectCase, selectTasks, selectTimers })
        {
            var command = BatchCommand(batch, statement);
            command.Parameters[0].Value = id;
            if (statement == selectTimers)
            {
                command.Parameters[1].Value = Tables.PendingTimerStatus;
            }

            batch.BatchCommands.Add(command);
        }

        batch.BatchCommands.Add(BatchCommand(batch, Statement.Commit));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var cases = await ReadAllAsync(reader, Tables.Cases, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var tasks = await ReadAllAsync(reader, Tables.Tasks, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var timers = await ReadAllAsync(reader, Tables.Timers, cancellationToken);
        while (await reader.NextResultAsync(cancellationToken))
        {
            // The COMMIT's completion: read so that an error in it surfaces here.
        }

        return cases.Count == 0 ? null : new CaseSnapshot(cases[0], tasks, timers);
    }

    private static async Task<List<T>> ReadAllAsync<T>(DbDataReader reader, RecordTable<T> table, CancellationToken cancellationToken)
        where T : class
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(table.Read(reader));
        }

        return rows;
    }

    /// <summary>A batch command of <paramref name="statement"/> with parameters cloned from the session's own command of
    /// that statement (their names and database types), values unset.</summary>
    private DbBatchCommand BatchCommand(DbBatch batch, Statement statement)
    {
        var template = Command(statement);
        var command = batch.CreateBatchCommand();
        command.CommandText = template.CommandText;
        foreach (DbParameter parameter in template.Parameters)
        {
            command.Parameters.Add(((ICloneable)parameter).Clone());
        }

        return command;
    }

    private static void Bind(RowWrite row, DbParameterCollection parameters)
    {
        for (var i = 0; i < row.Table.ColumnCount; i++)
        {
            parameters[i].Value = row.Table.ProviderValue(row.Record, i) ?? DBNull.Value;
        }

        if (row.Expected is not null)
        {
            parameters[^1].Value = row.Expected;
        }
    }

    private async Task SendPendingBeginAsync(CancellationToken cancellationToken)
    {
        if (_beginPending)
        {
            _beginPending = false;
            await Command(Statement.Begin).ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected override async Task<List<T>> QueryAsync<T>(Statement statement, RecordTable<T> table, object id, object? status, CancellationToken cancellationToken)
    {
        await SendPendingBeginAsync(cancellationToken);
        var command = Command(statement);
        command.Parameters[0].Value = id;
        if (status is not null)
        {
            command.Parameters[1].Value = status;
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAllAsync(reader, table, cancellationToken);
    }

    protected override async Task<Guid?> QueryGuidAsync(Statement statement, object id, CancellationToken cancellationToken)
    {
        await SendPendingBeginAsync(cancellationToken);
        var command = Command(statement);
        command.Parameters[0].Value = id;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetFieldValue<Guid>(0) : null;
    }

    private DbCommand Command(Statement statement)
    {
        if (_commands[(int)statement] is { } existing)
        {
            return existing;
        }

        var command = connection.CreateCommand();
        command.CommandText = Tables.SqlOf(statement);
        switch (statement)
        {
            case Statement.SelectCase:
                command.Parameters.Add(Tables.Cases.CreateParameter(command, nameof(WorkflowCaseRecord.Id), "@id"));
                break;
            case Statement.SelectTasksOfCase:
                command.Parameters.Add(Tables.Tasks.CreateParameter(command, nameof(WorkflowTaskRecord.CaseId), "@id"));
                break;
            case Statement.SelectPendingTimersOfCase:
                command.Parameters.Add(Tables.Timers.CreateParameter(command, nameof(WorkflowTimerRecord.CaseId), "@id"));
                command.Parameters.Add(Tables.Timers.CreateParameter(command, nameof(WorkflowTimerRecord.Status), "@status"));
                break;
            case Statement.SelectTimer:
                command.Parameters.Add(Tables.Timers.CreateParameter(command, nameof(WorkflowTimerRecord.Id), "@id"));
                break;
            case Statement.SelectCaseOfTask or Statement.SelectCaseByTask or Statement.SelectTasksOfCaseByTask:
                command.Parameters.Add(Tables.Tasks.CreateParameter(command, nameof(WorkflowTaskRecord.Id), "@id"));
                break;
            case Statement.SelectPendingTimersOfCaseByTask:
                command.Parameters.Add(Tables.Tasks.CreateParameter(command, nameof(WorkflowTaskRecord.Id), "@id"));
                command.Parameters.Add(Tables.Timers.CreateParameter(command, nameof(WorkflowTimerRecord.Status), "@status"));
                break;
            case Statement.InsertCase:
                Tables.Cases.AddParameters(command);
                break;
            case Statement.UpdateCase:
                Tables.Cases.AddParameters(command);
                command.Parameters.Add(Tables.Cases.CreateParameter(command, nameof(WorkflowCaseRecord.Version), "@expected"));
                break;
            case Statement.InsertTask or Statement.UpdateTask:
                Tables.Tasks.AddParameters(command);
                break;
            case Statement.InsertTimer or Statement.UpdateTimer:
                Tables.Timers.AddParameters(command);
                break;
            case Statement.InsertJournal:
                Tables.Journal.AddParameters(command);
                break;
            case Statement.InsertNotification:
                Tables.Notifications.AddParameters(command);
                break;
            case Statement.InsertApology or Statement.UpdateApology:
                Tables.Apologies.AddParameters(command);
                break;
            case Statement.InsertEffect:
                Tables.Effects.AddParameters(command);
                break;
            case Statement.InsertReception:
                Tables.Receptions.AddParameters(command);
                break;
            case Statement.Begin or Statement.BeginImmediate or Statement.Commit or Statement.Rollback:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(statement), statement, null);
        }

        _commands[(int)statement] = command;
        return command;
    }
}
