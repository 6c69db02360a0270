using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data.Tests;

public sealed class DatabaseInitializerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrate_AppliesEveryMigration_AndLeavesNonePending(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
        Assert.Equal(provider, db.Provider);
    }

    [Fact]
    public async Task Migrate_OnSqlite_CreatesTheDataDirectory_AndUsesWalWithForeignKeys()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.CreateContext();

        Assert.True(File.Exists(Path.Combine(database.DataDirectory, "iso.db")));
        Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode"));
        Assert.Equal("1", await ScalarAsync(db, "PRAGMA foreign_keys"));
        Assert.Equal("1", await ScalarAsync(db, "PRAGMA synchronous")); // NORMAL
    }

    [Fact]
    public async Task SqliteSettings_AreSetOncePerPhysicalConnection_AndKeptWhenThePoolHandsItOutAgain()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        object handle;
        await using (var first = database.CreateContext())
        {
            Assert.Equal("5000", await ScalarAsync(first, "PRAGMA busy_timeout"));
            handle = ((Microsoft.Data.Sqlite.SqliteConnection)first.Database.GetDbConnection()).Handle!;
            // Changed behind the interceptor's back: a re-run on the next open would put 5000 back.
            await ScalarAsync(first, "PRAGMA busy_timeout = 1234");
        }

        await using (var second = database.CreateContext())
        {
            Assert.Equal("1234", await ScalarAsync(second, "PRAGMA busy_timeout"));
            Assert.Same(handle, ((Microsoft.Data.Sqlite.SqliteConnection)second.Database.GetDbConnection()).Handle);
            Assert.Equal("1", await ScalarAsync(second, "PRAGMA foreign_keys"));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var fresh = database.CreateContext();
        Assert.Equal("5000", await ScalarAsync(fresh, "PRAGMA busy_timeout"));
        Assert.Equal("1", await ScalarAsync(fresh, "PRAGMA foreign_keys"));
        Assert.Equal("wal", await ScalarAsync(fresh, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Migrate_RunTwice_IsHarmless()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = database.CreateScope();

        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(Ct);

        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
    }

    private static async Task<string?> ScalarAsync(IsoDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
