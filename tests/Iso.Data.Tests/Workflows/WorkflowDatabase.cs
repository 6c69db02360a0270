using Iso.Data.Seeding;
using Iso.Workflows;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Iso.Data.Tests.Workflows;

/// <summary>The engine on the EF stores of a real database, with the demo organisation, a fake clock and a continuous calendar.</summary>
internal sealed class WorkflowDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private WorkflowDatabase(TestDatabase database, IServiceProvider services, Guid agencyId)
    {
        Database = database;
        Services = services;
        AgencyId = agencyId;
    }

    public TestDatabase Database { get; }

    public IServiceProvider Services { get; }

    public Guid AgencyId { get; }

    /// <summary>The key the engine signs journal heads with (the data directory's key file).</summary>
    public IJournalCheckpointKey CheckpointKey => Services.GetRequiredService<IJournalCheckpointKey>();

    public FakeTimeProvider Time => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    /// <summary>A store of its own scope (stores are scoped like the contexts they use).</summary>
    public IWorkflowStore Store => Services.CreateScope().ServiceProvider.GetRequiredService<IWorkflowStore>();

    public static WorkflowActor Actor(string role, params string[] units) => new(Guid.NewGuid(), [role], units);

    public static async Task<WorkflowDatabase> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, configureServices: s =>
        {
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(Epoch));
            s.AddSingleton<IWorkingCalendar, FakeWorkingCalendar>();
            s.AddIsoWorkflows();
        });
        await database.SeedAsync();
        var services = database.Services;
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = services.CreateAsyncScope())
        {
            var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>();
            await definitions.ImportTemplateAsync(
                await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "consultation.json"), ct), "consultation.json", ct);
        }

        await using var read = services.CreateAsyncScope();
        var agencyId = await read.ServiceProvider.GetRequiredService<IsoDbContext>().Agencies.Where(a => a.Code == "STP").Select(a => a.Id).SingleAsync(ct);
        return new WorkflowDatabase(database, services, agencyId);
    }

    /// <summary>A runtime of its own scope, as one request of one app node would have.</summary>
    public IWorkflowRuntime NewRuntime() => Services.CreateScope().ServiceProvider.GetRequiredService<IWorkflowRuntime>();

    public Task<CommandResult> StartAsync() =>
        NewRuntime().StartCaseAsync(new StartCaseCommand(AgencyId, "test-lien-thong", Reference: "HS-0001"), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
    }
}
