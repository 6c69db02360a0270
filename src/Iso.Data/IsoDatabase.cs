using Iso.Data.Documents;
using Iso.Data.History;
using Iso.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Data;

/// <summary>Builds the provider-specific context options once (EF caches its internal services per options),
/// and creates contexts from them.</summary>
internal sealed class IsoDatabase(IOptions<IsoOptions> options, TimeProvider clock)
{
    private readonly Lazy<DbContextOptions> _contextOptions = new(() => Build(options.Value));

    public DatabaseProvider Provider => options.Value.Provider;

    public string ConnectionString => options.Value.ResolvedConnectionString;

    public IsoDbContext CreateContext(ICurrentActor actor)
    {
        IsoDbContext context = _contextOptions.Value switch
        {
            DbContextOptions<SqliteIsoDbContext> sqlite => new SqliteIsoDbContext(sqlite),
            DbContextOptions<PostgreSqlIsoDbContext> postgres => new PostgreSqlIsoDbContext(postgres),
            var other => throw new InvalidOperationException($"Unexpected context options {other.GetType()}."),
        };
        context.Actor = actor;
        context.Clock = clock;
        return context;
    }

    private static DbContextOptions Build(IsoOptions settings)
    {
        var connectionString = settings.ResolvedConnectionString;
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new DbContextOptionsBuilder<SqliteIsoDbContext>();
                SqliteProvider.Configure(sqlite, connectionString);
                sqlite.AddInterceptors(DocumentVersionGuard.Instance, HistoryInterceptor.Instance);
                return sqlite.Options;
            case DatabaseProvider.PostgreSql:
                var postgres = new DbContextOptionsBuilder<PostgreSqlIsoDbContext>();
                PostgreSqlProvider.Configure(postgres, connectionString);
                postgres.AddInterceptors(DocumentVersionGuard.Instance, HistoryInterceptor.Instance);
                return postgres.Options;
            default:
                throw new InvalidOperationException(IsoOptionsValidator.ProviderMessage(settings.Database.Provider));
        }
    }
}

/// <summary>Creates contexts attributed to the scope's <see cref="ICurrentActor"/>; Blazor components use it
/// to get a short-lived context per operation instead of sharing the circuit's scoped one.</summary>
internal sealed class IsoDbContextFactory(IsoDatabase database, ICurrentActor actor) : IDbContextFactory<IsoDbContext>
{
    public IsoDbContext CreateDbContext() => database.CreateContext(actor);
}
