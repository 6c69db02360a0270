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

    public Task<Guid?> FindCaseIdOfTaskAsync(Guid taskId, CancellationToken cancellationToken) =>
        QueryGuidAsync(Statement.SelectCaseOfTask, tables.Tasks.ToProvider(nameof(WorkflowTaskRecord.Id), taskId), cancellationToken);

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
            foreach (var row in changes.Plan(tables))
            {
                if (row.Failure(await WriteAsync(row, cancellationToken)) is { } failure)
                {
                    throw failure;
                }
            }
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

    /// <summary>Rows of <paramref name="table"/> selected by <c>@id</c> (and <c>@status</c> when given).</summary>
    protected abstract Task<List<T>> QueryAsync<T>(Statement statement, RecordTable<T> table, object id, object? status, CancellationToken cancellationToken)
        where T : class;

    /// <summary>The one GUID a statement selects by <c>@id</c>, or null.</summary>
    protected abstract Task<Guid?> QueryGuidAsync(Statement statement, object id, CancellationToken cancellationToken);
}

/// <summary>
/// The session through ADO.NET (PostgreSQL). Each statement is created on first use and reused for the life of the
/// connection; Npgsql sends it with its parameters in one round trip.
/// </summary>
internal sealed class AdoSqlSession(DbConnection connection, WorkflowTables tables) : SqlSession(tables)
{
    private readonly DbCommand?[] _commands = new DbCommand?[(int)Statement.Count];

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

    protected override Task ExecuteAsync(Statement statement, CancellationToken cancellationToken) =>
        Command(statement).ExecuteNonQueryAsync(cancellationToken);

    protected override Task<int> WriteAsync(RowWrite row, CancellationToken cancellationToken)
    {
        var command = Command(row.Statement);
        for (var i = 0; i < row.Table.ColumnCount; i++)
        {
            command.Parameters[i].Value = row.Table.ProviderValue(row.Record, i) ?? DBNull.Value;
        }

        if (row.Expected is not null)
        {
            command.Parameters[^1].Value = row.Expected;
        }

        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task<List<T>> QueryAsync<T>(Statement statement, RecordTable<T> table, object id, object? status, CancellationToken cancellationToken)
    {
        var command = Command(statement);
        command.Parameters[0].Value = id;
        if (status is not null)
        {
            command.Parameters[1].Value = status;
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(table.Read(reader));
        }

        return rows;
    }

    protected override async Task<Guid?> QueryGuidAsync(Statement statement, object id, CancellationToken cancellationToken)
    {
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
            case Statement.SelectCaseOfTask:
                command.Parameters.Add(Tables.Tasks.CreateParameter(command, nameof(WorkflowTaskRecord.Id), "@id"));
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
