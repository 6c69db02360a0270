using Iso.Workflows.Actions;
using Iso.Workflows.Definitions;
using Iso.Workflows.Expressions;
using Iso.Workflows.InMemory;
using Iso.Workflows.Journal;
using Iso.Workflows.Organisation;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Iso.Workflows;

public static class DependencyInjection
{
    /// <summary>
    /// The engine's one door: options (<see cref="WorkflowOptions"/>; the host may bind section <c>Iso:Workflows</c>), the runtime, definition service, expression sandbox,
    /// built-in actions (<c>notify</c>, <c>apology.issue</c>) and the timer service. The host supplies the stores
    /// (<c>AddIsoData</c>, or <paramref name="inMemoryStores"/> for tests and benchmarks), the <see cref="IOrganisationLookup"/>,
    /// the <see cref="IJournalCheckpointKey"/>
    /// and the <see cref="Calendar.IWorkingCalendar"/>.
    /// </summary>
    public static IServiceCollection AddIsoWorkflows(this IServiceCollection services, Action<WorkflowOptions>? configure = null, bool inMemoryStores = false)
    {
        var options = services.AddOptions<WorkflowOptions>()
            .Validate(o => o.TimerPollInterval > TimeSpan.Zero && o.TimerLease > TimeSpan.Zero && o.TimerBatchSize > 0 && o.MaxConcurrencyRetries > 0,
                "Iso:Workflows: poll interval, lease, batch size and retries must be positive.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ExpressionEvaluator(sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.Expressions));
        services.TryAddSingleton<WorkflowDefinitionCatalog>();
        services.TryAddScoped<IWorkflowRuntime, WorkflowRuntime>();
        services.TryAddScoped<WorkflowDefinitionService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowActionHandler, NotifyActionHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowActionHandler, ApologyIssueActionHandler>());
        services.AddHostedService<WorkflowTimerService>();

        if (inMemoryStores)
        {
            services.TryAddSingleton<IWorkflowStore, InMemoryWorkflowStore>();
            services.TryAddSingleton<IWorkflowDefinitionStore, InMemoryWorkflowDefinitionStore>();
            services.TryAddSingleton<InMemoryOrganisationLookup>();
            services.TryAddSingleton<IOrganisationLookup>(sp => sp.GetRequiredService<InMemoryOrganisationLookup>());
            // Nothing outlives the process with in-memory stores, so neither need the checkpoint key (ADR 0009).
            services.TryAddSingleton<IJournalCheckpointKey>(_ => HmacJournalCheckpointKey.CreateRandom());
        }

        return services;
    }
}
