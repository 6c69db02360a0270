using System.Collections.Concurrent;
using System.Data.Common;
using Iso.Data.History;
using Iso.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Iso.Data.Workflows.Sql;

/// <summary>
/// The engine's command path to the database, below EF Core (see ADR 0005): reads for a command come from
/// <see cref="RentReaderAsync"/>, and a command's staged changes are stored by <see cref="CommitAsync"/>, atomically.
/// One instance per database (a singleton), built lazily from the EF model.
/// </summary>
internal abstract class CaseDatabase : IAsyncDisposable
{
    protected CaseDatabase(WorkflowTables tables)
    {
        Tables = tables;
    }

    public WorkflowTables Tables { get; }

    /// <summary>The database system, as OpenTelemetry names it (<c>sqlite</c>, <c>postgresql</c>).</summary>
    public abstract string SystemName { get; }

    public static CaseDatabase Create(IsoDatabase database)
    {
        WorkflowTables tables;
        using (var context = database.CreateContext(SystemActor.Instance))
        {
            tables = WorkflowTables.For(context.Model);
        }

        return database.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteCaseDatabase(tables, database.ConnectionString),
            DatabaseProvider.PostgreSql => new PostgreSqlCaseDatabase(tables, database.ConnectionString),
            var other => throw new InvalidOperationException($"Unexpected provider {other}."),
        };
    }

    /// <summary>A session for reads, outside any write transaction; give it back with <see cref="ReturnReader"/>.</summary>
    public abstract ValueTask<SqlSession> RentReaderAsync(CancellationToken cancellationToken);

    public abstract ValueTask ReturnReader(SqlSession session);

    /// <summary>Stores everything staged, in one transaction, or nothing (then throws; a lost optimistic race is a
    /// <see cref="WorkflowConcurrencyException"/>).</summary>
    public abstract Task CommitAsync(StagedChanges changes, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

/// <summary>
/// PostgreSQL: many writers at once, so each command commits its own transaction on a pooled connection; the
/// version check in the case row's UPDATE serialises commands on the same case.
/// </summary>
internal sealed class PostgreSqlCaseDatabase(WorkflowTables tables, string connectionString) : CaseDatabase(tables)
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override string SystemName => "postgresql";

    public override async ValueTask<SqlSession> RentReaderAsync(CancellationToken cancellationToken) =>
        new AdoSqlSession(await _dataSource.OpenConnectionAsync(cancellationToken), Tables);

    public override ValueTask ReturnReader(SqlSession session) => session.DisposeAsync();

    public override async Task CommitAsync(StagedChanges changes, CancellationToken cancellationToken)
    {
        await using var session = new AdoSqlSession(await _dataSource.OpenConnectionAsync(cancellationToken), Tables);
        await session.BeginAsync(immediate: false, cancellationToken);
        try
        {
            await session.ApplyAsync(changes, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackQuietlyAsync();
            throw;
        }
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

/// <summary>
/// SQLite: one writer at a time is SQLite's own rule, so commits go through one <see cref="SqliteGroupCommit"/> writer
/// connection that stores the commands waiting at that moment in one transaction; reads use a small pool of
/// connections whose statements stay prepared. Every connection is this class's own (not pooled by the driver).
/// </summary>
internal sealed class SqliteCaseDatabase : CaseDatabase
{
    /// <summary>Per-connection settings; the file's journal mode (WAL) is persistent and set when the writer opens.</summary>
    private const string ConnectionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

    /// <summary>The writer's page cache: 64 MB instead of SQLite's 2 MB. The one writer's cache stays valid between its
    /// transactions (no other connection changes the file), so the index pages its inserts touch stay in memory; a
    /// reader's cache is dropped whenever the file changed, so a larger one would not help the readers.</summary>
    private const string WriterPragmas = "PRAGMA journal_mode = WAL; PRAGMA cache_size = -65536; ";

    private readonly string _connectionString;
    private readonly ConcurrentBag<SqlSession> _readers = [];
    private readonly SqliteGroupCommit _writer;
    private int _idleReaders;
    private int _disposed;

    public SqliteCaseDatabase(WorkflowTables tables, string connectionString)
        : base(tables)
    {
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _writer = new SqliteGroupCommit(() => Open(writer: true), tables);
    }

    public override string SystemName => "sqlite";

    /// <summary>At most this many idle reader connections are kept open (8 per core, at least 16).</summary>
    public static int MaxIdleReaders { get; } = Math.Max(16, Environment.ProcessorCount * 8);

    /// <summary>Reader connections kept open for the next command.</summary>
    public int IdleReaders => Volatile.Read(ref _idleReaders);

    public override ValueTask<SqlSession> RentReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_readers.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleReaders);
            return ValueTask.FromResult<SqlSession>(session);
        }

        return ValueTask.FromResult<SqlSession>(Open(writer: false));
    }

    public override ValueTask ReturnReader(SqlSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (Volatile.Read(ref _disposed) != 0)
        {
            return session.DisposeAsync();
        }

        // Idle connections beyond what the cores can use at once are closed rather than kept (a burst of requests
        // must not leave hundreds of open files behind).
        if (Interlocked.Increment(ref _idleReaders) > MaxIdleReaders)
        {
            Interlocked.Decrement(ref _idleReaders);
            return session.DisposeAsync();
        }

        _readers.Add(session);
        return ValueTask.CompletedTask;
    }

    public override Task CommitAsync(StagedChanges changes, CancellationToken cancellationToken) => _writer.CommitAsync(changes, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync();
        while (_readers.TryTake(out var session))
        {
            await session.DisposeAsync();
        }
    }

    private SqliteSqlSession Open(bool writer)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = writer ? WriterPragmas + ConnectionPragmas : ConnectionPragmas;
            command.ExecuteNonQuery();
        }

        return new SqliteSqlSession(connection, Tables);
    }
}
