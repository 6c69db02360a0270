using Iso.Data.Cases;
using Iso.Data.Providers;
using Iso.Data.Seeding;
using Iso.Workflows.Calendar;
using Iso.Workflows.Journal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Iso.Data;

/// <summary>Brings the database to the current schema (committed migrations, never EnsureCreated)
/// and the reference data, and, when <see cref="IsoOptions.SeedDemoData"/> is on, adds the demo data. The journal checkpoint
/// key is loaded (and created on first start) here too, so a missing or unreadable key stops the start, not the first command.</summary>
public sealed class DatabaseInitializer(
    IsoDbContext db,
    ReferenceDataSeeder referenceData,
    DemoDataSeeder seeder,
    IJournalCheckpointKey checkpointKey,
    IOptions<IsoOptions> options,
    IServiceProvider services,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>Applies pending migrations (the <c>migrate</c> verb).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            SqliteProvider.EnsureDataDirectory(settings.ResolvedConnectionString);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database ({Provider}) is up to date; applied {Count} migration(s): {Migrations}; journal checkpoint key {KeyId}",
            settings.Provider, pending.Count, string.Join(", ", pending), checkpointKey.KeyId);

        // Tasks completed before the engine stored their working minutes (ADR 0030): computed once, in batches.
        if (services.GetService<IWorkingCalendar>() is { } calendar)
        {
            await CaseStatisticsMaintenance.FillWorkingMinutesAsync(db, calendar, logger, cancellationToken);
        }
    }

    /// <summary>Start-up: migrate, add the reference data (roles, kinds of agency, calendar), then the demo data if configured.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken);
        if (options.Value.SeedDemoData == true)
        {
            await seeder.SeedAsync(cancellationToken);
        }
        else
        {
            await referenceData.SeedAsync(cancellationToken);
        }
    }
}

public static class DatabaseInitializerExtensions
{
    /// <summary>Runs <see cref="DatabaseInitializer.InitializeAsync"/> in its own scope; call once at start-up.</summary>
    public static async Task InitializeIsoDataAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }
}
