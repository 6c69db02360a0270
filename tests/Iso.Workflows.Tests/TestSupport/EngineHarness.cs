using Iso.Workflows.Actions;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Expressions;
using Iso.Workflows.InMemory;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Iso.Workflows.Tests.TestSupport;

/// <summary>An engine over in-memory stores, a fake clock and a continuous fake calendar, with one agency and its units.</summary>
public sealed class EngineHarness : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public EngineHarness(IWorkflowStore? store = null, IEnumerable<IWorkflowActionHandler>? extraHandlers = null, ExpressionOptions? expressions = null,
        IWorkingCalendar? calendar = null)
    {
        Calendar = calendar ?? new FakeWorkingCalendar();
        InMemoryStore = new InMemoryWorkflowStore();
        Store = store ?? InMemoryStore;
        Directory.AddAgency(AgencyId, "SKHCN", "Sở Khoa học và Công nghệ", "department");
        foreach (var unit in new[] { "VP", "A", "B", "MOT-CUA", "VAN-PHONG" })
        {
            Directory.AddUnit(AgencyId, unit, "Đơn vị " + unit);
        }

        var options = new WorkflowOptions { Expressions = expressions ?? new ExpressionOptions() };
        Evaluator = new ExpressionEvaluator(options.Expressions);
        IWorkflowActionHandler[] handlers = [new NotifyActionHandler(), new ApologyIssueActionHandler(), .. extraHandlers ?? []];
        Runtime = new WorkflowRuntime(Store, Definitions, Directory, Calendar, Evaluator, Catalog, handlers, Options.Create(options), Time, CheckpointKey);
        DefinitionService = new WorkflowDefinitionService(Definitions, Time, Catalog);
    }

    public Guid AgencyId { get; } = Guid.Parse("0195a000-0000-7000-8000-000000000001");

    public FakeTimeProvider Time { get; } = new(Epoch);

    /// <summary>The key of the journal checkpoints this engine writes.</summary>
    public IJournalCheckpointKey CheckpointKey { get; } = HmacJournalCheckpointKey.CreateRandom();

    /// <summary>A <see cref="FakeWorkingCalendar"/> unless the test gave another.</summary>
    public IWorkingCalendar Calendar { get; }

    public InMemoryWorkflowStore InMemoryStore { get; }

    public IWorkflowStore Store { get; }

    public InMemoryWorkflowDefinitionStore Definitions { get; } = new();

    public InMemoryOrganisationLookup Directory { get; } = new();

    public ExpressionEvaluator Evaluator { get; }

    /// <summary>Shared by the runtime and the definition service, as DI shares it within one app node.</summary>
    public WorkflowDefinitionCatalog Catalog { get; } = new();

    public WorkflowRuntime Runtime { get; }

    public WorkflowDefinitionService DefinitionService { get; }

    public WorkflowActor Staff { get; } = new(Guid.Parse("00000000-0000-0000-0000-00000000000a"), ["Staff"], ["VP", "MOT-CUA", "VAN-PHONG"]);

    public WorkflowActor StaffA { get; } = new(Guid.Parse("00000000-0000-0000-0000-00000000000b"), ["Staff"], ["A"]);

    public WorkflowActor StaffB { get; } = new(Guid.Parse("00000000-0000-0000-0000-00000000000c"), ["Staff"], ["B"]);

    public WorkflowActor Quality { get; } = new(Guid.Parse("00000000-0000-0000-0000-00000000000d"), ["QualityOfficer"], []);

    public WorkflowActor Leader { get; } = new(Guid.Parse("00000000-0000-0000-0000-00000000000e"), ["Leader"], []);

    public static string Fixture(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    public Task<StoredDefinition> ImportAsync(string fixture) =>
        DefinitionService.ImportTemplateAsync(Fixture(fixture), fixture, TestContext.Current.CancellationToken);

    public Task<CommandResult> StartAsync(string key, IReadOnlyDictionary<string, object?>? variables = null, DateTimeOffset? receivedAt = null) =>
        Runtime.StartCaseAsync(new StartCaseCommand(AgencyId, key, InitiatorId: Staff.UserId, Variables: variables, ReceivedAt: receivedAt, Reference: "HS-001"),
            TestContext.Current.CancellationToken);

    public Task<CommandResult> CompleteAsync(WorkflowTaskRecord task, WorkflowActor actor, string outcome, string? comment = null, IReadOnlyDictionary<string, string?>? form = null) =>
        Runtime.CompleteTaskAsync(new CompleteTaskCommand(task.Id, actor, outcome, comment, form), TestContext.Current.CancellationToken);

    public async Task<WorkflowCaseRecord> CaseAsync(Guid caseId) =>
        (await Store.FindCaseAsync(caseId, TestContext.Current.CancellationToken))!;

    public Task<IReadOnlyList<WorkflowJournalEntry>> JournalAsync(Guid caseId) =>
        Store.GetJournalAsync(caseId, TestContext.Current.CancellationToken);

    public Task<int> FireTimersAsync() => Runtime.FireDueTimersAsync("test-node", 100, TestContext.Current.CancellationToken);

    public void Dispose() => Evaluator.Dispose();
}
