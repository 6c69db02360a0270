using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Iso.Benchmarks.Measurement;

/// <summary>
/// The physical limit for a durable engine: how many small transactions per second one connection can commit to a
/// SQLite file in WAL mode on this disk. Each commit is BEGIN; INSERT one short row; COMMIT.
/// </summary>
public static class CommitRateProbe
{
    public static async Task<CommitProbeResult> RunAsync(string synchronous, BenchOptions options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.Combine(options.DataDirectory, $"commit-probe-{Environment.ProcessId}.db");
        var rates = new List<double>();
        try
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false };
            await using var connection = new SqliteConnection(builder.ToString());
            await connection.OpenAsync();
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;");
            await ExecuteAsync(connection, $"PRAGMA synchronous={synchronous};");
            await ExecuteAsync(connection, "CREATE TABLE probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);");

            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO probe (payload) VALUES ($p);";
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            insert.Prepare();

            // Warm-up (JIT, page cache, WAL file growth), then the measured rounds.
            await CommitForAsync(connection, insert, p, TimeSpan.FromSeconds(options.ProbeSeconds / 2));
            for (var r = 1; r <= options.Rounds; r++)
            {
                var (commits, seconds) = await CommitForAsync(connection, insert, p, TimeSpan.FromSeconds(options.ProbeSeconds));
                rates.Add(commits / seconds);
                Console.Error.WriteLine($"[sqlite-commit {synchronous}] round {r}/{options.Rounds}: {commits / seconds:F0} commits/s");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }

        return new CommitProbeResult(synchronous, rates);
    }

    private static async Task<(int Commits, double Seconds)> CommitForAsync(SqliteConnection connection, SqliteCommand insert, SqliteParameter p, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        var commits = 0;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            insert.Transaction = tx;
            p.Value = "case-event-" + commits.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            commits++;
        }

        return (commits, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
