using Iso.Data.Calendar;
using Iso.Data.Documents.Search;
using Iso.Data.History;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Data.Seeding;
using Iso.Data.Workflows;
using Iso.Workflows.Calendar;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Iso.Data;

public static class DependencyInjection
{
    /// <summary>The data layer's one door: options (Iso:DataDirectory, Iso:Database), the provider-specific
    /// <see cref="IsoDbContext"/>, the history interceptor, migration and seeding services.</summary>
    public static IServiceCollection AddIsoData(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<IsoOptions>().BindConfiguration(IsoOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IsoOptions>, IsoOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<ICurrentActor>(_ => SystemActor.Instance);

        // The provider is chosen when the first context is built, from validated options, so configuration
        // added after this call (tests, environment) still counts.
        services.TryAddSingleton<IsoDatabase>();
        services.TryAddScoped<IDbContextFactory<IsoDbContext>, IsoDbContextFactory>();
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<IsoDbContext>>().CreateDbContext());

        // Keys in the database: a cookie issued by one node is accepted by the others.
        services.AddDataProtection().SetApplicationName("ISO điện tử").PersistKeysToDbContext<IsoDbContext>();

        services.TryAddSingleton(sp => new DatabaseCalendarDataSource(sp.GetRequiredService<IsoDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICalendarDataSource>(sp => sp.GetRequiredService<DatabaseCalendarDataSource>());
        services.TryAddScoped<CalendarYearEditor>();

        services.TryAddScoped<IPasswordHasher<IsoUser>, PasswordHasher<IsoUser>>();
        // Stateless, and the sign-in throttle (a singleton) normalises names with it: a singleton, registered before
        // Identity's scoped TryAdd or replacing it (a scoped one fails service validation in Development).
        services.Replace(ServiceDescriptor.Singleton<ILookupNormalizer, UpperInvariantLookupNormalizer>());
        services.TryAddScoped<DatabaseInitializer>();
        services.TryAddScoped<ReferenceDataSeeder>();
        services.TryAddScoped<DemoDataSeeder>();
        services.TryAddScoped<OrganisationQueries>();
        services.TryAddScoped<OrganisationChanges>();
        services.TryAddScoped<Cases.CaseCodeAllocator>();
        services.TryAddScoped<IDocumentSearch>(sp =>
        {
            var contexts = sp.GetRequiredService<IDbContextFactory<IsoDbContext>>();
            return sp.GetRequiredService<IsoDatabase>().Provider == DatabaseProvider.PostgreSql
                ? new PostgreSqlDocumentSearch(contexts)
                : new SqliteDocumentSearch(contexts);
        });
        services.AddEfWorkflowStores();
        return services;
    }
}
