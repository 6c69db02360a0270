using Iso.Data.Workflows.Sql;
using Iso.Workflows.Journal;
using Iso.Workflows.Organisation;
using Iso.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Iso.Data.Workflows;

public static class WorkflowPersistenceRegistration
{
    /// <summary>The engine's stores, organisation lookup and journal checkpoint key on the product database (needs the context factory of AddIsoData).</summary>
    public static IServiceCollection AddEfWorkflowStores(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Scoped: contexts come from the scope's factory, so definition changes are attributed to the scope's person.
        services.TryAddScoped<IWorkflowStore, DatabaseWorkflowStore>();
        // The commands' path below EF Core (ADR 0005): one per database, owning SQLite's writer and reader connections.
        services.TryAddSingleton(sp => CaseDatabase.Create(sp.GetRequiredService<IsoDatabase>()));
        services.TryAddScoped<IWorkflowDefinitionStore, EfWorkflowDefinitionStore>();
        services.TryAddSingleton<IOrganisationLookup, EfOrganisationLookup>();
        // The journal checkpoints' key lives outside the database (ADR 0009); a key registered before (a test's) wins.
        services.AddOptions<JournalKeyOptions>().BindConfiguration(JournalKeyOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JournalKeyOptions>, JournalKeyOptionsValidator>());
        services.TryAddSingleton<IJournalCheckpointKey>(sp => JournalKeyStore.Load(
            sp.GetRequiredService<IOptions<JournalKeyOptions>>().Value,
            sp.GetRequiredService<IOptions<IsoOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JournalKeyStore).FullName!)));
        return services;
    }
}
