using Npgsql;

namespace Iso.EndToEnd.Tests.TwoNodes;

/// <summary>
/// A fresh PostgreSQL database on the <c>ISO_TEST_POSTGRES</c> server, migrated and seeded once by the <c>seed</c> verb,
/// then two app processes on it, each running the timer service with a short poll interval and lease.
/// Disposing kills both processes and drops the database.
/// </summary>
internal sealed class TwoNodeCluster : IAsyncDisposable
{
    public const string ServerVariable = "ISO_TEST_POSTGRES";

    /// <summary>The test procedure next to this file: receive → timer (0.002 working hours, about 7 s) → deliver.</summary>
    public const string TimerProcedure = "two-node-timer";

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private readonly string _serverConnectionString;
    private readonly string _databaseName = "iso_two_nodes_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iso-two-nodes-" + Guid.NewGuid().ToString("N"));
    private readonly List<AppNode> _nodes = [];
    private bool _databaseCreated;

    private TwoNodeCluster(string serverConnectionString)
    {
        _serverConnectionString = serverConnectionString;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = _databaseName, Pooling = false }.ConnectionString;
    }

    /// <summary>The cluster's own database.</summary>
    public string ConnectionString { get; }

    public AppNode A => _nodes[0];

    public AppNode B => _nodes[1];

    public static async Task<TwoNodeCluster> StartAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        var cluster = new TwoNodeCluster(serverConnectionString);
        try
        {
            await cluster.StartNodesAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public NpgsqlConnection OpenConnection()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    private async Task StartNodesAsync(CancellationToken cancellationToken)
    {
        await using (var server = new NpgsqlConnection(_serverConnectionString))
        {
            await server.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_databaseName}\"", server);
            await create.ExecuteNonQueryAsync(cancellationToken);
            _databaseCreated = true;
        }

        var templates = Directory.CreateDirectory(Path.Combine(_folder, "workflows")).FullName;
        foreach (var shipped in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.json"))
        {
            File.Copy(shipped, Path.Combine(templates, Path.GetFileName(shipped)));
        }

        File.Copy(FixturePath(), Path.Combine(templates, TimerProcedure + ".json"));

        // Migrate and seed once, as a deployment does before it starts its nodes; the nodes then start together.
        using (var seed = AppNode.Start("seed", Environment("seed", templates), serve: false, "seed", "--demo"))
        {
            var exitCode = await seed.WaitForExitAsync(StartLimit, cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"'seed' exited with code {exitCode}:\n{seed.Output}");
            }
        }

        await MakeEveryDayAWorkingDayAsync(cancellationToken);

        _nodes.Add(AppNode.Start("node-a", Environment("node-a", templates), serve: true));
        _nodes.Add(AppNode.Start("node-b", Environment("node-b", templates), serve: true));
        await Task.WhenAll(_nodes.Select(n => n.WaitUntilHealthyAsync(StartLimit, cancellationToken)));
    }

    /// <summary>Configuration by environment, as an operator would set it per node.</summary>
    private Dictionary<string, string> Environment(string nodeName, string templates) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Iso__Database__Provider"] = "PostgreSql",
        ["Iso__Database__ConnectionString"] = ConnectionString,
        ["Iso__DataDirectory"] = Path.Combine(_folder, "data-" + nodeName),
        // One key file for the cluster (a shared volume or a secret mounted on every node): created by the first to start.
        ["Iso__Journal__KeyFile"] = Path.Combine(_folder, "keys", "journal-checkpoint.key"),
        ["Iso__SeedDemoData"] = "true",
        ["Iso__AllowDemoPasswords"] = "true",
        ["Iso__Workflows__Templates__Directory"] = templates,
        ["Iso__Workflows__NodeName"] = nodeName,
        ["Iso__Workflows__TimerPollInterval"] = "00:00:00.500",
        ["Iso__Workflows__TimerLease"] = "00:00:05",
        // Around the clock, so that a timer of 0.002 working hours fires within seconds whenever the test runs.
        // "HH:mm" periods end at 23:59 at the latest: the zone is chosen so that its missing minute is hours away.
        ["Iso__Calendar__OfficeHours"] = "00:00-23:59",
        ["Iso__Calendar__WorkingDays"] = "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday",
        ["Iso__Calendar__TimeZoneId"] = ZoneAwayFromMidnight(),
    };

    /// <summary>Public holidays are not working days even around the clock: the test empties this year and the next.</summary>
    private async Task MakeEveryDayAWorkingDayAsync(CancellationToken cancellationToken)
    {
        var year = DateTime.UtcNow.Year;
        await using var connection = OpenConnection();
        await using var command = new NpgsqlCommand(
            """
            DELETE FROM "CalendarDays" WHERE "Year" IN (@year, @next);
            INSERT INTO "CalendarYears" ("Year") VALUES (@year), (@next) ON CONFLICT DO NOTHING;
            """,
            connection);
        command.Parameters.AddWithValue("year", year);
        command.Parameters.AddWithValue("next", year + 1);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>UTC, unless UTC midnight is near; then Vietnamese time (seven hours away).</summary>
    private static string ZoneAwayFromMidnight()
    {
        var hour = DateTime.UtcNow.Hour;
        return hour is >= 1 and <= 22 ? "UTC" : "Asia/Ho_Chi_Minh";
    }

    private static string FixturePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "Iso.EndToEnd.Tests", "TwoNodes", TimerProcedure + ".json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"The fixture {TimerProcedure}.json was not found in tests/Iso.EndToEnd.Tests/TwoNodes above {AppContext.BaseDirectory}.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        if (_databaseCreated)
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = new NpgsqlConnection(_serverConnectionString);
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
