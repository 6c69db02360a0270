using Iso.Data.Cases;
using Iso.Data.History;
using Iso.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Iso.Data.Workflows.Sql;

/// <summary>The final rows of cases the engine played elsewhere (in memory, ADR 0027): every case, task, timer, journal
/// entry, notification, apology and effect as the engine left them, and each case's reception at the one-stop desk,
/// ready to be stored at once.</summary>
public sealed class CaseRows
{
    public List<WorkflowCaseRecord> Cases { get; } = [];

    public List<WorkflowTaskRecord> Tasks { get; } = [];

    public List<WorkflowTimerRecord> Timers { get; } = [];

    public List<WorkflowJournalEntry> Journal { get; } = [];

    public List<WorkflowNotificationRecord> Notifications { get; } = [];

    public List<WorkflowApologyRecord> Apologies { get; } = [];

    public List<WorkflowEffectRecord> Effects { get; } = [];

    /// <summary>The one-stop desk's receptions of these cases (applicant, documents, clerk), stored with them.</summary>
    public List<CaseReception> Receptions { get; } = [];

    public int RowCount => Cases.Count + Receptions.Count + Tasks.Count + Timers.Count + Journal.Count + Notifications.Count + Apologies.Count + Effects.Count;
}

/// <summary>
/// Stores many played cases in one transaction per call (bulk seeding, ADR 0027): the same tables, columns and value
/// conversions as the engine's command path (<see cref="WorkflowTables"/>, from the EF model), the same order (cases
/// before the rows that reference them, effects last so their triggers run), and the database's own constraints and
/// triggers. SQLite: the command path's prepared statements on one connection, rows encoded on every core first, and
/// <c>synchronous = OFF</c> with a large page cache on this connection only (a seed that fails is run again on a fresh
/// file). PostgreSQL: binary COPY per table. Only for a database nothing else writes to meanwhile.
/// </summary>
public abstract class BulkCaseWriter : IAsyncDisposable
{
    private protected BulkCaseWriter(WorkflowTables tables)
    {
        Tables = tables;
    }

    private protected WorkflowTables Tables { get; }

    /// <summary>A writer on the application's database (its provider and connection string).</summary>
    public static BulkCaseWriter Open(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var database = services.GetRequiredService<IsoDatabase>();
        WorkflowTables tables;
        using (var context = database.CreateContext(SystemActor.Instance))
        {
            tables = WorkflowTables.For(context.Model);
        }

        return database.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteBulkCaseWriter(tables, database.ConnectionString),
            DatabaseProvider.PostgreSql => new PostgreSqlBulkCaseWriter(tables, database.ConnectionString),
            var other => throw new InvalidOperationException($"Unexpected provider {other}."),
        };
    }

    /// <summary>Stores every row in one transaction, or nothing.</summary>
    public abstract Task WriteAsync(CaseRows rows, CancellationToken cancellationToken = default);

    /// <summary>After the last batch: the planner's statistics refreshed, and on PostgreSQL the visibility map built
    /// (VACUUM), without which the statistics' covering indexes cannot be read index-only (measured: 3× slower).</summary>
    public abstract Task FinishAsync(CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    /// <summary>The rows as the command path stages them, in chunks of at most <paramref name="chunk"/> rows, in the
    /// order they must be written.</summary>
    private protected static List<StagedChanges> Chunks(CaseRows rows, int chunk)
    {
        var result = new List<StagedChanges>();
        void Add<T>(List<T> items, Action<StagedChanges, T> stage)
        {
            for (var start = 0; start < items.Count; start += chunk)
            {
                var staged = new StagedChanges();
                for (var i = start; i < Math.Min(items.Count, start + chunk); i++)
                {
                    stage(staged, items[i]);
                }

                result.Add(staged);
            }
        }

        Add(rows.Cases, static (s, c) => s.NewCases.Add(c));
        Add(rows.Receptions, static (s, r) => s.Receptions.Add(r));
        Add(rows.Tasks, static (s, t) => s.Tasks[t.Id] = (t, true));
        Add(rows.Timers, static (s, t) => s.Timers[t.Id] = (t, true));
        Add(rows.Journal, static (s, e) => s.Journal.Add(e));
        Add(rows.Notifications, static (s, n) => s.Notifications.Add(n));
        Add(rows.Apologies, static (s, a) => s.Apologies.Add(a));
        Add(rows.Effects, static (s, e) => s.Effects.Add(e));
        return result;
    }
}

internal sealed class SqliteBulkCaseWriter : BulkCaseWriter
{
    private readonly SqliteSqlSession _session;
    private readonly SqliteConnection _connection;

    public SqliteBulkCaseWriter(WorkflowTables tables, string connectionString)
        : base(tables)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            // This connection only: no fsync per commit, 2 GB of page cache, temporary b-trees in memory. The journal
            // stays WAL (the file's mode) and foreign keys stay checked.
            command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -2000000; "
                + "PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 60000;";
            command.ExecuteNonQuery();
        }

        _connection = connection;
        _session = new SqliteSqlSession(connection, tables);
    }

    public override async Task WriteAsync(CaseRows rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var chunks = Chunks(rows, 4096);
        var encoded = new SqliteSqlSession.EncodedCommand[chunks.Count];
        Parallel.For(0, chunks.Count, new ParallelOptions { CancellationToken = cancellationToken },
            i => encoded[i] = SqliteSqlSession.Encode(Tables, chunks[i]));
        await _session.BeginAsync(immediate: true, cancellationToken);
        try
        {
            foreach (var command in encoded)
            {
                _session.Apply(command);
            }

            await _session.CommitAsync(cancellationToken);
        }
        catch
        {
            await _session.RollbackQuietlyAsync();
            throw;
        }
    }

    public override Task FinishAsync(CancellationToken cancellationToken = default)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);";
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync() => _session.DisposeAsync();
}

internal sealed class PostgreSqlBulkCaseWriter(WorkflowTables tables, string connectionString) : BulkCaseWriter(tables)
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override async Task WriteAsync(CaseRows rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CopyAsync(connection, Tables.Cases, rows.Cases, cancellationToken);
        await CopyAsync(connection, Tables.Receptions, rows.Receptions, cancellationToken);
        await CopyAsync(connection, Tables.Tasks, rows.Tasks, cancellationToken);
        await CopyAsync(connection, Tables.Timers, rows.Timers, cancellationToken);
        await CopyAsync(connection, Tables.Journal, rows.Journal, cancellationToken);
        await CopyAsync(connection, Tables.Notifications, rows.Notifications, cancellationToken);
        await CopyAsync(connection, Tables.Apologies, rows.Apologies, cancellationToken);
        // Effects last: their INSERT triggers (records archived, documents published) see the steps' rows.
        await CopyAsync(connection, Tables.Effects, rows.Effects, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override async Task FinishAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var tables = new[] { Tables.Cases.Name, Tables.Receptions.Name, Tables.Tasks.Name, Tables.Timers.Name, Tables.Journal.Name, Tables.Notifications.Name, Tables.Apologies.Name, Tables.Effects.Name };
        command.CommandText = $"VACUUM (ANALYZE) {string.Join(", ", tables.Select(SqlText.Quote))}";
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>One binary COPY of the table's rows; each value converted as the command path converts it and sent with
    /// its column's store type. COPY fires the tables' row triggers and checks their constraints.</summary>
    private static async Task CopyAsync<T>(NpgsqlConnection connection, RecordTable<T> table, List<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var columns = string.Join(", ", Enumerable.Range(0, table.ColumnCount).Select(table.ColumnNameOf).Select(SqlText.Quote));
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {SqlText.Quote(table.Name)} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var types = Enumerable.Range(0, table.ColumnCount).Select(table.StoreTypeOf).ToArray();
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < types.Length; i++)
            {
                if (table.ProviderValue(row, i) is { } value)
                {
                    await importer.WriteAsync(value, types[i], cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
