using Iso.Data.Workflows.Sql;
using Iso.Workflows.Organisation;
using Iso.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Iso.Data.Workflows;

public static class WorkflowPersistenceRegistration
{
    /// <summary>The engine's stores and organisation directory on the product database (needs the context factory of AddIsoData).</summary>
    public static IServiceCollection AddEfWorkflowStores(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Scoped: contexts come from the scope's factory, so definition changes are attributed to the scope's person.
        services.TryAddScoped<IWorkflowStore, DatabaseWorkflowStore>();
        // The commands' path below EF Core (ADR 0005): one per database, owning SQLite's writer and reader connections.
        services.TryAddSingleton(sp => CaseDatabase.Create(sp.GetRequiredService<IsoDatabase>()));
        services.TryAddScoped<IWorkflowDefinitionStore, EfWorkflowDefinitionStore>();
        services.TryAddSingleton<IOrganisationLookup, EfOrganisationLookup>();
        return services;
    }
}
