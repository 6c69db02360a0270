using Iso.Data.History;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Iso.Data.Tests;

/// <summary>A fresh, real database per test: a SQLite file in a temporary folder, or — when
/// <c>ISO_TEST_POSTGRES</c> holds a server connection string — a uniquely named PostgreSQL database that is dropped afterwards.
/// Without that variable the PostgreSQL variants are skipped with the reason, never passed silently.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ISO_TEST_POSTGRES";

    private readonly ServiceProvider _services;
    private readonly string? _postgresServer;
    private readonly string? _postgresDatabase;

    private TestDatabase(DatabaseProvider provider, string dataDirectory, string? connectionString, string? postgresServer, string? postgresDatabase, IDictionary<string, string?>? settings, Action<IServiceCollection>? configureServices)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        _postgresServer = postgresServer;
        _postgresDatabase = postgresDatabase;

        var values = new Dictionary<string, string?>
        {
            ["Iso:DataDirectory"] = dataDirectory,
            ["Iso:Database:Provider"] = provider.ToString(),
            ["Iso:Database:ConnectionString"] = connectionString,
            ["Iso:SeedDemoData"] = "false",
            // PostgreSQL requires a configured journal key (one for all nodes); here each database has its own file.
            ["Iso:Journal:KeyFile"] = provider == DatabaseProvider.PostgreSql ? Iso.Data.Workflows.JournalKeyOptions.DefaultKeyFile(dataDirectory) : null,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddIsoData(configuration);
        configureServices?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public DatabaseProvider Provider { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _services;

    /// <summary>A database of <paramref name="provider"/> with the migrations applied (unless <paramref name="migrate"/> is false);
    /// <paramref name="configureServices"/> runs after <c>AddIsoData</c> (e.g. to register an <see cref="ICurrentActor"/>).</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "iso-data-tests", Guid.NewGuid().ToString("N"));
        TestDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            database = new TestDatabase(provider, dataDirectory, null, null, null, settings, configureServices);
        }
        else
        {
            var server = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(server))
            {
                Assert.Skip($"{PostgresVariable} is not set: set it to a PostgreSQL server connection string (e.g. Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres) to run the PostgreSQL variant.");
            }

            var name = $"iso_test_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            database = new TestDatabase(provider, dataDirectory, connectionString, server, name, settings, configureServices);
        }

        if (migrate)
        {
            await using var scope = database.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(TestContext.Current.CancellationToken);
        }

        return database;
    }

    public AsyncServiceScope CreateScope() => _services.CreateAsyncScope();

    /// <summary>A context of its own (dispose it), attributed to <paramref name="actor"/>.</summary>
    public IsoDbContext CreateContext(ICurrentActor? actor = null) =>
        _services.GetRequiredService<IsoDatabase>().CreateContext(actor ?? SystemActor.Instance);

    public async Task SeedAsync()
    {
        await using var scope = CreateScope();
        await scope.ServiceProvider.GetRequiredService<Iso.Data.Seeding.DemoDataSeeder>().SeedAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresServer);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
