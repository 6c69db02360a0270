using Iso.Data.Documents;
using Iso.Data.History;
using Iso.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Iso.Data;

/// <summary>Builds the provider-specific context options once (EF caches its internal services per options) and hands
/// out contexts from EF's context pool: a request opens two or three short-lived contexts, and a new context resolves
/// its internal services each time, which was a tenth of an inbox read's CPU (issue 12's load). A context holds no
/// state of its own beyond <see cref="IsoDbContext.Actor"/> and <see cref="IsoDbContext.Clock"/>, set on every rent;
/// EF resets the change tracker and the database facade when a context goes back to the pool.</summary>
internal sealed class IsoDatabase(IOptions<IsoOptions> options, TimeProvider clock)
{
    private readonly Lazy<Func<IsoDbContext>> _rent = new(() => Build(options.Value));

    public DatabaseProvider Provider => options.Value.Provider;

    /// <summary>The connection string every database path of the app uses (EF, the engine's command path, the bulk
    /// writer): on PostgreSQL with <see cref="PostgreSqlProvider.WithDefaults"/>.</summary>
    public string ConnectionString => Tuned(options.Value);

    private static string Tuned(IsoOptions settings) =>
        settings.Provider == DatabaseProvider.PostgreSql
            ? PostgreSqlProvider.WithDefaults(settings.ResolvedConnectionString)
            : settings.ResolvedConnectionString;

    public IsoDbContext CreateContext(ICurrentActor actor)
    {
        var context = _rent.Value();
        context.Actor = actor;
        context.Clock = clock;
        return context;
    }

    private static Func<IsoDbContext> Build(IsoOptions settings)
    {
        var connectionString = Tuned(settings);
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new DbContextOptionsBuilder<SqliteIsoDbContext>();
                SqliteProvider.Configure(sqlite, connectionString);
                sqlite.AddInterceptors(DocumentVersionGuard.Instance, HistoryInterceptor.Instance);
                return new PooledDbContextFactory<SqliteIsoDbContext>(sqlite.Options).CreateDbContext;
            case DatabaseProvider.PostgreSql:
                var postgres = new DbContextOptionsBuilder<PostgreSqlIsoDbContext>();
                PostgreSqlProvider.Configure(postgres, connectionString);
                postgres.AddInterceptors(DocumentVersionGuard.Instance, HistoryInterceptor.Instance);
                return new PooledDbContextFactory<PostgreSqlIsoDbContext>(postgres.Options).CreateDbContext;
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
