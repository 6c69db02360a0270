using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Iso.Data.Providers;

/// <summary>Everything that is special about SQLite, in one place.</summary>
public static class SqliteProvider
{
    /// <summary>How long a writer waits for another writer's lock before failing (milliseconds).</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    internal static void Configure(DbContextOptionsBuilder builder, string connectionString)
    {
        EnsureDataDirectory(connectionString);
        builder.UseSqlite(connectionString);
        builder.AddInterceptors(SqlitePragmas.Instance);
    }

    /// <summary>SQLite has no DateTimeOffset type and EF cannot ORDER BY or compare the text form,
    /// so instants are stored as UTC ticks (a sortable INTEGER).</summary>
    internal static void ConfigureConventions(ModelConfigurationBuilder builder) =>
        builder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();

    /// <summary>Creates the folder of a file database; SQLite creates the file but not its folder.</summary>
    public static void EnsureDataDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>History rows are append-only: the database itself aborts UPDATE and DELETE on them.
    /// Called from the InitialCreate migration; re-add the call when migrations are regenerated.</summary>
    public static void CreateHistoryTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_History_NoUpdate" BEFORE UPDATE ON "History"
            BEGIN SELECT RAISE(ABORT, 'History is append-only: rows cannot be updated.'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_History_NoDelete" BEFORE DELETE ON "History"
            BEGIN SELECT RAISE(ABORT, 'History is append-only: rows cannot be deleted.'); END;
            """);
    }

    public static void DropHistoryTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_History_NoUpdate";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_History_NoDelete";""");
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

    /// <summary>Per-connection settings: WAL lets readers work while one writer writes; NORMAL sync is safe in WAL;
    /// foreign keys are off by default in SQLite; a busy timeout turns lock contention into a short wait.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static SqlitePragmas Instance { get; } = new();

        private const string Pragmas =
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
