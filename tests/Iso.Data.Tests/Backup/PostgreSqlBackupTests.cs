using Iso.Data.Backup;
using Iso.Data.Tests.Workflows;
using Iso.Workflows;
using Iso.Workflows.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Iso.Data.Tests.Backup;

/// <summary>Runs when <c>ISO_TEST_POSTGRES</c> names a server (skipped with the reason otherwise, by <see cref="TestDatabase"/>);
/// needs <c>pg_dump</c>/<c>pg_restore</c> on PATH or under /usr/lib/postgresql/*/bin.</summary>
public sealed class PostgreSqlBackupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Backup_RestoredIntoAFreshDatabase_HasTheSameData()
    {
        await using var source = await WorkflowDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        for (var i = 0; i < 3; i++)
        {
            await BackupChecks.RunOneCaseAsync(source, () => { }, Ct);
        }

        await source.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"iso-pg-backup-{Guid.NewGuid():N}.dump");
        try
        {
            var backup = await new DatabaseBackup(BackupChecks.OptionsOf(source.Services)).BackupAsync(file, cancellationToken: Ct);
            Assert.True(backup.SizeBytes > 0);

            // Restored where the source's journal key is configured (the key is not in the backup: ADR 0009).
            await using var target = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql, migrate: false, settings: BackupChecks.SameJournalKey(source), configureServices: AddEngine);
            await new DatabaseBackup(BackupChecks.OptionsOf(target.Services)).RestoreAsync(file, Ct);

            Assert.Equal(await FingerprintAsync(source.Services), await FingerprintAsync(target.Services));
            Assert.Equal(4, await BackupChecks.AssertCasesAgreeWithTheirJournalsAsync(target.Services));
            await using var scope = target.CreateScope();
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<IsoDbContext>().Database.GetPendingMigrationsAsync(Ct));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Restore_AsADatabaseOwnerWhoIsNotSuperuser_Succeeds_KeepingTheSuperusersExtension()
    {
        await using var source = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await source.SeedAsync();
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable));
        var suffix = Guid.NewGuid().ToString("N");
        var (role, database) = ($"iso_owner_{suffix}", $"iso_test_{suffix}");
        var file = Path.Combine(Path.GetTempPath(), $"iso-pg-backup-{suffix}.dump");
        await ExecuteAsync(server.ConnectionString, $"CREATE ROLE \"{role}\" LOGIN PASSWORD 'owner-secret'", $"CREATE DATABASE \"{database}\" OWNER \"{role}\"");
        try
        {
            // As the guide says: the PostgreSQL administrator creates the extension, the app's role owns the database.
            await ExecuteAsync(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString, "CREATE EXTENSION unaccent");
            await new DatabaseBackup(BackupChecks.OptionsOf(source.Services)).BackupAsync(file, cancellationToken: Ct);
            var owner = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database, Username = role, Password = "owner-secret", Pooling = false };
            var options = new IsoOptions { Database = new DatabaseOptions { Provider = "PostgreSql", ConnectionString = owner.ConnectionString } };

            await new DatabaseBackup(options).RestoreAsync(file, Ct);

            await using var restored = new NpgsqlConnection(owner.ConnectionString);
            await restored.OpenAsync(Ct);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM \"Agencies\"", restored);
            await using var context = source.CreateContext();
            Assert.Equal(await context.Agencies.LongCountAsync(Ct), (long)(await count.ExecuteScalarAsync(Ct))!);
        }
        finally
        {
            File.Delete(file);
            await ExecuteAsync(server.ConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", $"DROP ROLE IF EXISTS \"{role}\"");
        }
    }

    [Fact]
    public async Task Restore_WhileOthersAreConnected_IsRefused_SayingTheNodesMustBeStopped()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await db.SeedAsync();
        var options = BackupChecks.OptionsOf(db.Services);
        var file = Path.Combine(Path.GetTempPath(), $"iso-pg-backup-{Guid.NewGuid():N}.dump");
        try
        {
            await new DatabaseBackup(options).BackupAsync(file, cancellationToken: Ct);
            await using var context = db.CreateContext();
            await context.Database.OpenConnectionAsync(Ct);

            var refused = await Assert.ThrowsAsync<BackupException>(() => new DatabaseBackup(options).RestoreAsync(file, Ct));

            Assert.Contains("dừng mọi nút", refused.Message, StringComparison.Ordinal);
            Assert.True(await context.Agencies.AnyAsync(Ct));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Restore_OfAFileThatIsNotADump_IsRefused_NamingTheFile()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql, migrate: false);
        var file = Path.Combine(Path.GetTempPath(), $"iso-not-a-dump-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, "SELECT 1;", Ct);
        try
        {
            var refused = await Assert.ThrowsAsync<BackupException>(() => new DatabaseBackup(BackupChecks.OptionsOf(db.Services)).RestoreAsync(file, Ct));

            Assert.Contains(file, refused.Message, StringComparison.Ordinal);
            Assert.Contains("--format=custom", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Row counts and the journal heads: enough to see a lost or extra row or a changed journal.</summary>
    private static async Task<string> FingerprintAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var heads = await db.Set<Iso.Workflows.Persistence.WorkflowCaseRecord>().OrderBy(c => c.Id).Select(c => c.Id + ":" + c.JournalHeadHash).ToListAsync(Ct);
        return string.Join("\n", [
            $"agencies {await db.Agencies.CountAsync(Ct)}", $"units {await db.Units.CountAsync(Ct)}", $"history {await db.History.CountAsync(Ct)}",
            $"tasks {await db.Set<Iso.Workflows.Persistence.WorkflowTaskRecord>().CountAsync(Ct)}",
            $"journal {await db.Set<Iso.Workflows.Persistence.WorkflowJournalEntry>().CountAsync(Ct)}", .. heads]);
    }

    private static async Task ExecuteAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Ct);
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(Ct);
        }
    }

    private static void AddEngine(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(WorkflowDatabase.Epoch));
        services.AddSingleton<IWorkingCalendar, Iso.Workflows.Tests.TestSupport.FakeWorkingCalendar>();
        services.AddIsoWorkflows();
    }
}
