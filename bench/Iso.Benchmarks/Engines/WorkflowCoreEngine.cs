using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Primitives;
using WorkflowCore.Services;

namespace Iso.Benchmarks.Engines;

/// <summary>WorkflowCore's own tuning knobs, set from the command line (see README, "WorkflowCore configuration").</summary>
/// <param name="BuilderWaitFor">true: human steps written with the builder's <c>WaitFor(name, d => d.Key)</c>, which
/// compiles an expression tree for each of its two inputs every time the step runs; false (default): the same
/// <c>WaitFor</c> step body with its inputs set by an <c>Input((step, data) => …)</c> action, which compiles nothing.</param>
public sealed record WorkflowCoreSettings(TimeSpan IdleTime, TimeSpan PollInterval, int MaxConcurrentWorkflows, bool BuilderWaitFor);

/// <summary>
/// WorkflowCore 3.22.0 with its default in-memory persistence, single-node lock and queue providers. Human steps are
/// <c>WaitFor</c> events completed with <c>PublishEvent</c>. A human step counts as open when its event subscription
/// is stored AND the workflow's lock is released: only then can the event consumer deliver the event without
/// failing to take the lock (which would leave the event to the next poll and penalise WorkflowCore unfairly).
/// </summary>
public sealed class WorkflowCoreEngine(WorkflowCoreSettings settings) : IBenchEngine
{
    private readonly OpenProbe _probe = new();
    private ServiceProvider? _services;
    private IWorkflowHost? _host;
    private Scenario _scenario;

    public string Name => "workflowcore-mem";

    public async Task SetupAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        _scenario = scenario;
        var services = new ServiceCollection();
        services.AddLogging();
        // Registered step bodies are resolved from DI instead of being built by reflection on every step.
        services.AddTransient<AutoStep>();
        services.AddTransient<WaitFor>();
        services.AddWorkflow(o =>
        {
            o.UseIdleTime(settings.IdleTime);
            o.UsePollInterval(settings.PollInterval);
            o.UseMaxConcurrentWorkflows(settings.MaxConcurrentWorkflows);
            // Nobody listens to lifecycle events or searches an index here; switching them off only removes work.
            o.EnableLifeCycleEventsPublisher = false;
            o.EnableIndexes = false;
            o.UsePersistence(sp => new ProbingPersistence(
                new TransientMemoryPersistenceProvider(sp.GetRequiredService<ISingletonMemoryProvider>()), _probe));
            o.UseDistributedLockManager(_ => new ProbingLock(new SingleNodeLockProvider(), _probe));
        });
        _services = services.BuildServiceProvider();
        _host = _services.GetRequiredService<IWorkflowHost>();
        if (scenario == Scenario.A)
        {
            _host.RegisterWorkflow<ScenarioAWorkflow, CaseData>();
        }
        else if (settings.BuilderWaitFor)
        {
            _host.RegisterWorkflow<ScenarioBBuilderWorkflow, CaseData>();
        }
        else
        {
            _host.RegisterWorkflow<ScenarioBWorkflow, CaseData>();
        }

        await _host.StartAsync(cancellationToken);
    }

    public async Task RunCaseAsync(List<long> humanStepLatencies, CancellationToken cancellationToken)
    {
        var host = _host ?? throw new InvalidOperationException("SetupAsync was not called.");
        var key = Guid.NewGuid().ToString("N");
        var waiter = _probe.Register(key);
        try
        {
            var opened = waiter.Arm();
            await host.StartWorkflow(_scenario == Scenario.A ? ScenarioAWorkflow.DefinitionId : ScenarioBWorkflow.DefinitionId, 1, new CaseData { Key = key }, key);
            await opened.WaitAsync(cancellationToken);
            if (_scenario == Scenario.A)
            {
                return;
            }

            for (var step = 2; step <= 10; step += 2)
            {
                var next = waiter.Arm();
                var started = Stopwatch.GetTimestamp();
                await host.PublishEvent(ScenarioBWorkflow.EventName(step), key, null);
                await next.WaitAsync(cancellationToken);
                humanStepLatencies.Add(Stopwatch.GetTimestamp() - started);
            }
        }
        finally
        {
            _probe.Unregister(key);
        }
    }

    public async Task TeardownAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host = null;
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
            _services = null;
        }
    }

    public sealed class CaseData
    {
        public string Key { get; set; } = string.Empty;
    }

    /// <summary>An automatic step that does nothing but move on, like a no-op system action in our engine.</summary>
    public sealed class AutoStep : StepBody
    {
        public override ExecutionResult Run(IStepExecutionContext context) => ExecutionResult.Next();
    }

    public sealed class ScenarioAWorkflow : IWorkflow<CaseData>
    {
        public const string DefinitionId = "bench-a";

        public string Id => DefinitionId;

        public int Version => 1;

        public void Build(IWorkflowBuilder<CaseData> builder) =>
            builder.StartWith<AutoStep>().Then<AutoStep>().Then<AutoStep>();
    }

    /// <summary>Scenario B with <c>WaitFor</c> steps whose inputs are set by an action (no expression compiled per run).</summary>
    public sealed class ScenarioBWorkflow : IWorkflow<CaseData>
    {
        public const string DefinitionId = "bench-b";

        public string Id => DefinitionId;

        public int Version => 1;

        public static string EventName(int step) => "step" + step.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public void Build(IWorkflowBuilder<CaseData> builder) =>
            builder.StartWith<AutoStep>()
                .Then<WaitFor>().Input((step, data) => Subscribe(step, data, 2))
                .Then<AutoStep>()
                .Then<WaitFor>().Input((step, data) => Subscribe(step, data, 4))
                .Then<AutoStep>()
                .Then<WaitFor>().Input((step, data) => Subscribe(step, data, 6))
                .Then<AutoStep>()
                .Then<WaitFor>().Input((step, data) => Subscribe(step, data, 8))
                .Then<AutoStep>()
                .Then<WaitFor>().Input((step, data) => Subscribe(step, data, 10));

        private static readonly string[] EventNames = [.. Enumerable.Range(0, 11).Select(EventName)];

        private static void Subscribe(WaitFor step, CaseData data, int humanStep)
        {
            step.EventName = EventNames[humanStep];
            step.EventKey = data.Key;
        }
    }

    /// <summary>Scenario B written with the builder's <c>WaitFor</c>, as WorkflowCore's documentation shows it.</summary>
    public sealed class ScenarioBBuilderWorkflow : IWorkflow<CaseData>
    {
        public string Id => ScenarioBWorkflow.DefinitionId;

        public int Version => 1;

        private static string EventName(int step) => ScenarioBWorkflow.EventName(step);

        public void Build(IWorkflowBuilder<CaseData> builder) =>
            builder.StartWith<AutoStep>()
                .WaitFor(EventName(2), d => d.Key)
                .Then<AutoStep>()
                .WaitFor(EventName(4), d => d.Key)
                .Then<AutoStep>()
                .WaitFor(EventName(6), d => d.Key)
                .Then<AutoStep>()
                .WaitFor(EventName(8), d => d.Key)
                .Then<AutoStep>()
                .WaitFor(EventName(10), d => d.Key);
    }

    /// <summary>Per case: the pending "something is open / the case ended" signal.</summary>
    private sealed class CaseWaiter
    {
        private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Arm()
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _current, tcs);
            return tcs.Task;
        }

        public void Signal() => Volatile.Read(ref _current).TrySetResult();
    }

    /// <summary>
    /// Links WorkflowCore's persistence and lock calls to the cases of the harness: a persist that stores a new event
    /// subscription (or a completed workflow) marks the case pending; the release of that workflow's lock signals it.
    /// </summary>
    private sealed class OpenProbe
    {
        private readonly ConcurrentDictionary<string, CaseWaiter> _byKey = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, CaseWaiter> _pendingByWorkflowId = new(StringComparer.Ordinal);

        public CaseWaiter Register(string key)
        {
            var waiter = new CaseWaiter();
            _byKey[key] = waiter;
            return waiter;
        }

        public void Unregister(string key) => _byKey.TryRemove(key, out _);

        public void Persisted(WorkflowInstance workflow, bool storedSubscription)
        {
            if ((storedSubscription || workflow.Status == WorkflowStatus.Complete)
                && workflow.Reference is { } key
                && _byKey.TryGetValue(key, out var waiter))
            {
                _pendingByWorkflowId[workflow.Id] = waiter;
            }
        }

        public void Released(string lockId)
        {
            if (_pendingByWorkflowId.TryRemove(lockId, out var waiter))
            {
                waiter.Signal();
            }
        }
    }

    private sealed class ProbingLock(IDistributedLockProvider inner, OpenProbe probe) : IDistributedLockProvider
    {
        public Task<bool> AcquireLock(string Id, CancellationToken cancellationToken) => inner.AcquireLock(Id, cancellationToken);

        public async Task ReleaseLock(string Id)
        {
            await inner.ReleaseLock(Id);
            probe.Released(Id);
        }

        public Task Start() => inner.Start();

        public Task Stop() => inner.Stop();
    }

    /// <summary>Delegates everything to WorkflowCore's in-memory provider; only watches the two persist calls.</summary>
    private sealed class ProbingPersistence(IPersistenceProvider inner, OpenProbe probe) : IPersistenceProvider
    {
        public bool SupportsScheduledCommands => inner.SupportsScheduledCommands;

        public async Task PersistWorkflow(WorkflowInstance workflow, CancellationToken cancellationToken = default)
        {
            await inner.PersistWorkflow(workflow, cancellationToken);
            probe.Persisted(workflow, storedSubscription: false);
        }

        public async Task PersistWorkflow(WorkflowInstance workflow, List<EventSubscription> subscriptions, CancellationToken cancellationToken = default)
        {
            await inner.PersistWorkflow(workflow, subscriptions, cancellationToken);
            probe.Persisted(workflow, storedSubscription: subscriptions is { Count: > 0 });
        }

        public Task<string> CreateNewWorkflow(WorkflowInstance workflow, CancellationToken cancellationToken = default) => inner.CreateNewWorkflow(workflow, cancellationToken);

        public Task<IEnumerable<string>> GetRunnableInstances(DateTime asAt, CancellationToken cancellationToken = default) => inner.GetRunnableInstances(asAt, cancellationToken);

        [Obsolete("Kept because IWorkflowRepository declares it.")]
        public Task<IEnumerable<WorkflowInstance>> GetWorkflowInstances(WorkflowStatus? status, string type, DateTime? createdFrom, DateTime? createdTo, int skip, int take) =>
#pragma warning disable CS0618 // delegating an obsolete member of the interface
            inner.GetWorkflowInstances(status, type, createdFrom, createdTo, skip, take);
#pragma warning restore CS0618

        public Task<WorkflowInstance> GetWorkflowInstance(string Id, CancellationToken cancellationToken = default) => inner.GetWorkflowInstance(Id, cancellationToken);

        public Task<IEnumerable<WorkflowInstance>> GetWorkflowInstances(IEnumerable<string> ids, CancellationToken cancellationToken = default) => inner.GetWorkflowInstances(ids, cancellationToken);

        public Task<string> CreateEventSubscription(EventSubscription subscription, CancellationToken cancellationToken = default) => inner.CreateEventSubscription(subscription, cancellationToken);

        public Task<IEnumerable<EventSubscription>> GetSubscriptions(string eventName, string eventKey, DateTime asOf, CancellationToken cancellationToken = default) => inner.GetSubscriptions(eventName, eventKey, asOf, cancellationToken);

        public Task TerminateSubscription(string eventSubscriptionId, CancellationToken cancellationToken = default) => inner.TerminateSubscription(eventSubscriptionId, cancellationToken);

        public Task<EventSubscription> GetSubscription(string eventSubscriptionId, CancellationToken cancellationToken = default) => inner.GetSubscription(eventSubscriptionId, cancellationToken);

        public Task<EventSubscription> GetFirstOpenSubscription(string eventName, string eventKey, DateTime asOf, CancellationToken cancellationToken = default) => inner.GetFirstOpenSubscription(eventName, eventKey, asOf, cancellationToken);

        public Task<bool> SetSubscriptionToken(string eventSubscriptionId, string token, string workerId, DateTime expiry, CancellationToken cancellationToken = default) => inner.SetSubscriptionToken(eventSubscriptionId, token, workerId, expiry, cancellationToken);

        public Task ClearSubscriptionToken(string eventSubscriptionId, string token, CancellationToken cancellationToken = default) => inner.ClearSubscriptionToken(eventSubscriptionId, token, cancellationToken);

        public Task<string> CreateEvent(Event newEvent, CancellationToken cancellationToken = default) => inner.CreateEvent(newEvent, cancellationToken);

        public Task<Event> GetEvent(string id, CancellationToken cancellationToken = default) => inner.GetEvent(id, cancellationToken);

        public Task<IEnumerable<string>> GetRunnableEvents(DateTime asAt, CancellationToken cancellationToken = default) => inner.GetRunnableEvents(asAt, cancellationToken);

        public Task<IEnumerable<string>> GetEvents(string eventName, string eventKey, DateTime asOf, CancellationToken cancellationToken = default) => inner.GetEvents(eventName, eventKey, asOf, cancellationToken);

        public Task MarkEventProcessed(string id, CancellationToken cancellationToken = default) => inner.MarkEventProcessed(id, cancellationToken);

        public Task MarkEventUnprocessed(string id, CancellationToken cancellationToken = default) => inner.MarkEventUnprocessed(id, cancellationToken);

        public Task PersistErrors(IEnumerable<ExecutionError> errors, CancellationToken cancellationToken = default) => inner.PersistErrors(errors, cancellationToken);

        public void EnsureStoreExists() => inner.EnsureStoreExists();

        public Task ScheduleCommand(ScheduledCommand command) => inner.ScheduleCommand(command);

        public Task ProcessCommands(DateTimeOffset asOf, Func<ScheduledCommand, Task> action, CancellationToken cancellationToken = default) => inner.ProcessCommands(asOf, action, cancellationToken);
    }
}
