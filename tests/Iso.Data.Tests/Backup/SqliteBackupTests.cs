using System.Security.Cryptography;
using Iso.Data.Backup;
using Iso.Data.Tests.Workflows;
using Iso.Workflows;
using Iso.Workflows.Calendar;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Iso.Data.Tests.Backup;

public sealed class SqliteBackupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Backups_TakenWhileCasesAreProcessed_RestoreToConsistentDatabases()
    {
        await using var w = await WorkflowDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var backup = new DatabaseBackup(BackupChecks.OptionsOf(w.Services));
        var commands = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var workload = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await BackupChecks.RunOneCaseAsync(w, () => Interlocked.Increment(ref commands), stop.Token);
            }
        }, Ct);

        var files = new List<string>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                // Each backup is taken after more commands have run, so the copies fall at different points of the workload.
                var before = Volatile.Read(ref commands);
                while (Volatile.Read(ref commands) < before + 5 && !workload.IsCompleted)
                {
                    await Task.Delay(5, Ct);
                }

                var file = Path.Combine(w.Database.DataDirectory, $"backup-{i}.db");
                var result = await backup.BackupAsync(file, cancellationToken: Ct);
                Assert.Equal((file, new FileInfo(file).Length), (result.Path, result.SizeBytes));
                files.Add(file);
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await workload;
            }
            catch (OperationCanceledException)
            {
            }
        }

        var caseCounts = new List<int>();
        foreach (var file in files)
        {
            // Restored where the source's journal key is configured (the key is not in the backup: ADR 0009).
            await using var restored = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false, settings: BackupChecks.SameJournalKey(w), configureServices: AddEngine);
            await new DatabaseBackup(BackupChecks.OptionsOf(restored.Services)).RestoreAsync(file, Ct);
            var database = Path.Combine(restored.DataDirectory, "iso.db");
            Assert.Equal(["ok"], await QueryAsync(database, "PRAGMA integrity_check;"));
            Assert.Empty(await QueryAsync(database, "PRAGMA foreign_key_check;"));

            await using (var scope = restored.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(Ct);
            }

            caseCounts.Add(await BackupChecks.AssertCasesAgreeWithTheirJournalsAsync(restored.Services));
        }

        Assert.True(caseCounts[0] > 0, "the first backup has no case");
        Assert.Equal(caseCounts.Order(), caseCounts);
        Assert.True(caseCounts[^1] > caseCounts[0], $"the backups did not fall at different points of the workload: {string.Join(", ", caseCounts)} cases");
    }

    [Fact]
    public async Task Backup_ToAnExistingFile_IsRefused_UnlessForced()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var backup = new DatabaseBackup(BackupChecks.OptionsOf(db.Services));
        var file = Path.Combine(db.DataDirectory, "existing.db");
        await File.WriteAllTextAsync(file, "keep me", Ct);

        var refused = await Assert.ThrowsAsync<BackupException>(() => backup.BackupAsync(file, cancellationToken: Ct));

        Assert.Contains(file, refused.Message, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(file, Ct));

        await backup.BackupAsync(file, overwrite: true, Ct);
        Assert.Equal(["ok"], await QueryAsync(file, "PRAGMA integrity_check;"));
    }

    [Fact]
    public async Task Backup_ThatFails_LeavesNoFileBehind()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var folder = Path.Combine(db.DataDirectory, "backups");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "iso.db");

        var failed = await Assert.ThrowsAsync<BackupException>(() => new DatabaseBackup(BackupChecks.OptionsOf(db.Services)).BackupAsync(file, cancellationToken: Ct));

        Assert.Contains("iso.db", failed.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Restore_KeepsTheReplacedDatabase_AndRemovesItsStaleWal()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await db.SeedAsync();
        var options = BackupChecks.OptionsOf(db.Services);
        var file = Path.Combine(db.DataDirectory, "seeded.db");
        await new DatabaseBackup(options).BackupAsync(file, cancellationToken: Ct);
        SqliteConnection.ClearAllPools();
        var database = Path.Combine(db.DataDirectory, "iso.db");
        var agencies = await QueryAsync(database, "SELECT count(*) FROM Agencies;");
        await File.WriteAllTextAsync(database + "-wal", "stale", Ct);

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 30, 0, TimeSpan.Zero));
        var result = await new DatabaseBackup(options, clock).RestoreAsync(file, Ct);

        Assert.Equal(database + ".before-restore-20261128-103000", result.PreviousDatabasePath);
        Assert.Equal(agencies, await QueryAsync(result.PreviousDatabasePath!, "SELECT count(*) FROM Agencies;"));
        Assert.False(File.Exists(database + "-wal"));
        Assert.Equal(agencies, await QueryAsync(database, "SELECT count(*) FROM Agencies;"));
        Assert.Equal(["wal"], await QueryAsync(database, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Restore_OfAFileThatIsNotADatabase_IsRefused_AndTheCurrentDatabaseIsUntouched()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = Path.Combine(db.DataDirectory, "notes.txt");
        await File.WriteAllTextAsync(file, "Đây không phải là cơ sở dữ liệu, chỉ là ghi chú.", Ct);

        await AssertRefusedAndUntouchedAsync(db, file, "không phải là cơ sở dữ liệu SQLite");
    }

    [Fact]
    public async Task Restore_OfAnotherProductsSqliteDatabase_IsRefused_AndTheCurrentDatabaseIsUntouched()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = Path.Combine(db.DataDirectory, "other.db");
        await QueryAsync(file, "CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT); INSERT INTO Customers (Name) VALUES ('A');");

        await AssertRefusedAndUntouchedAsync(db, file, "không phải của ISO điện tử");
    }

    [Fact]
    public async Task Restore_WhileTheDatabaseIsOpen_IsRefused_SayingTheAppMustBeStopped()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = Path.Combine(db.DataDirectory, "good.db");
        await new DatabaseBackup(BackupChecks.OptionsOf(db.Services)).BackupAsync(file, cancellationToken: Ct);
        await using var context = db.CreateContext();
        await context.Database.OpenConnectionAsync(Ct);

        await AssertRefusedAndUntouchedAsync(db, file, "dừng ứng dụng");
    }

    private static async Task AssertRefusedAndUntouchedAsync(TestDatabase db, string file, string reason)
    {
        var database = Path.Combine(db.DataDirectory, "iso.db");
        var before = await HashAsync(database);

        var refused = await Assert.ThrowsAsync<BackupException>(() => new DatabaseBackup(BackupChecks.OptionsOf(db.Services)).RestoreAsync(file, Ct));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Contains(refused.Message.Contains("đang được dùng", StringComparison.Ordinal) ? database : file, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await HashAsync(database));
        Assert.Empty(Directory.GetFiles(db.DataDirectory, "*before-restore*"));
    }

    private static void AddEngine(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(WorkflowDatabase.Epoch));
        services.AddSingleton<IWorkingCalendar, Iso.Workflows.Tests.TestSupport.FakeWorkingCalendar>();
        services.AddIsoWorkflows();
    }

    private static async Task<string> HashAsync(string file) => Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(file, Ct)));

    private static async Task<List<string>> QueryAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i)?.ToString())));
        }

        return rows;
    }
}
