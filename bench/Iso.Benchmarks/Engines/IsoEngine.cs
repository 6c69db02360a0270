using System.Diagnostics;
using Iso.Data;
using Iso.Data.Organisation;
using Iso.Workflows;
using Iso.Workflows.Actions;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Benchmarks.Engines;

/// <summary>
/// Our engine (<see cref="IWorkflowRuntime"/>) on the store that <paramref name="addStore"/> registers. Every command
/// runs in its own DI scope, as a web request would. A human step is open when the command that opened it has
/// committed, i.e. when <see cref="IWorkflowRuntime.CompleteTaskAsync"/> returns with it in <see cref="CommandResult.OpenTasks"/>.
/// </summary>
public sealed class IsoEngine(string name, Action<IServiceCollection> addStore, Func<IServiceProvider, CancellationToken, Task>? prepare = null) : IBenchEngine
{
    private static readonly WorkflowActor Clerk = new(Guid.NewGuid(), ["Staff"], []);
    private static readonly Guid AgencyId = Guid.NewGuid();

    private ServiceProvider? _services;
    private Scenario _scenario;

    public string Name => name;

    public static IsoEngine InMemory() => new(BenchOptions.IsoMemoryName, _ => { });

    /// <summary>The product's durable configuration: EF Core on a fresh SQLite file (WAL, synchronous=NORMAL) per round,
    /// migrated with the committed migrations, with the agency the cases belong to.</summary>
    public static IsoEngine Sqlite(string dataDirectory) => new(
        BenchOptions.IsoSqliteName,
        services =>
        {
            var roundDirectory = Path.Combine(dataDirectory, $"iso-sqlite-{Guid.NewGuid():N}");
            services.AddSingleton(_ => new RoundDirectory(roundDirectory)); // a factory, so the provider owns (and disposes) it
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Iso:DataDirectory"] = roundDirectory,
                ["Iso:Database:Provider"] = "Sqlite",
                ["Iso:SeedDemoData"] = "false",
            }).Build();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddIsoData(configuration);
        },
        async (services, cancellationToken) =>
        {
            // Resolved first, so the provider disposes it last: after every connection to the round's file is closed.
            services.GetRequiredService<RoundDirectory>();
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
            await db.Database.MigrateAsync(cancellationToken);
            db.AgencyKinds.Add(new AgencyKind { Code = "department", NameVi = "Sở, ban, ngành", NameEn = "Department" });
            db.Agencies.Add(new Agency { Id = AgencyId, Code = "BENCH", Name = "Cơ quan đo hiệu năng", KindCode = "department" });
            await db.SaveChangesAsync(cancellationToken);
        });

    public async Task SetupAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        _scenario = scenario;
        var services = new ServiceCollection();
        services.AddLogging();
        addStore(services);
        services.AddIsoWorkflows(inMemoryStores: true);
        services.AddSingleton<IWorkflowActionHandler, StepAction>();
        services.AddSingleton<IWorkingCalendar, NoDurationsCalendar>();
        _services = services.BuildServiceProvider();
        if (prepare is not null)
        {
            await prepare(_services, cancellationToken);
        }

        await using var scope = _services.CreateAsyncScope();
        var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>();
        await definitions.ImportTemplateAsync(BenchDefinitions.Json(scenario), BenchDefinitions.FileName(scenario), cancellationToken);
    }

    public async Task RunCaseAsync(List<long> humanStepLatencies, CancellationToken cancellationToken)
    {
        var services = _services ?? throw new InvalidOperationException("SetupAsync was not called.");
        CommandResult result;
        await using (var scope = services.CreateAsyncScope())
        {
            var runtime = scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>();
            result = await runtime.StartCaseAsync(new StartCaseCommand(AgencyId, BenchDefinitions.Key(_scenario)), cancellationToken);
        }

        while (result.OpenTasks.Count > 0)
        {
            var task = result.OpenTasks[0];
            var started = Stopwatch.GetTimestamp();
            await using (var scope = services.CreateAsyncScope())
            {
                var runtime = scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>();
                result = await runtime.CompleteTaskAsync(new CompleteTaskCommand(task.Id, Clerk, "approve"), cancellationToken);
            }

            humanStepLatencies.Add(Stopwatch.GetTimestamp() - started);
        }

        // A case that stopped early would make the engine look faster than it is.
        if (result.Status != CaseStatus.Completed)
        {
            throw new InvalidOperationException($"{name}: case {result.CaseId} ended as {result.Status}, not Completed.");
        }
    }

    public async Task TeardownAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
            _services = null;
        }
    }

    /// <summary>The round's database folder, deleted when the round's service provider is disposed (a full run writes
    /// hundreds of files otherwise).</summary>
    private sealed class RoundDirectory(string path) : IDisposable
    {
        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    /// <summary>The automatic step of both scenarios: a system action that does nothing, like WorkflowCore's <c>AutoStep</c>.</summary>
    private sealed class StepAction : IWorkflowActionHandler
    {
        public string Name => BenchDefinitions.StepAction;

        public ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>
    /// The benchmark definitions have no time limit and no step durations (WorkflowCore has no working-time calendar
    /// either), so the engine never asks the calendar; if it did, the measurement would be wrong and must stop.
    /// </summary>
    private sealed class NoDurationsCalendar : IWorkingCalendar
    {
        public DateTimeOffset AddWorkingTime(DateTimeOffset start, WorkingDuration duration) => throw Unexpected();

        public DateTimeOffset ApplyIntake(DateTimeOffset received) => throw Unexpected();

        public WorkingDuration WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to) => throw Unexpected();

        public bool IsWorkingDay(DateOnly date) => throw Unexpected();

        public DueState GetDueState(DateTimeOffset now, DateTimeOffset due, WorkingDuration allotted) => throw Unexpected();

        private static InvalidOperationException Unexpected() =>
            new("The benchmark definitions have no durations; the engine must not need a working-time calendar here.");
    }
}

/// <summary>The two benchmark procedures as workflow JSON (embedded from <c>Definitions/</c>).</summary>
public static class BenchDefinitions
{
    public const string StepAction = "bench.step";

    public static string Key(Scenario scenario) => scenario == Scenario.A ? "bench-a" : "bench-b";

    public static string FileName(Scenario scenario) => Key(scenario) + ".json";

    public static string Json(Scenario scenario)
    {
        var resource = "Iso.Benchmarks.Definitions." + FileName(scenario);
        using var stream = typeof(BenchDefinitions).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded definition '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
