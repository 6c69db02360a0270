using Iso.Data.Calendar;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Workflows.Calendar;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Iso.Data.Seeding;

/// <summary>What every installation needs, demo or not: the roles, the kinds of agency and the published working
/// calendar. Idempotent: it only adds what is missing and never overwrites what an administrator changed.</summary>
public sealed class ReferenceDataSeeder(
    IsoDbContext db, ILookupNormalizer normalizer, DatabaseCalendarDataSource calendar, ILogger<ReferenceDataSeeder> logger)
{
    /// <summary>Arbitrary but fixed key of the PostgreSQL advisory lock that serialises seeding across nodes.</summary>
    private const long SeedLockKey = 0x150_5EED;

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var transaction = await BeginSerialisedAsync(db, cancellationToken);
        var added = await StageAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        calendar.Invalidate();
        logger.LogInformation("Reference data checked; {Count} missing row(s) added", added);
    }

    /// <summary>A transaction that, on PostgreSQL, holds the seeding lock: several nodes may start together.</summary>
    internal static async Task<IDbContextTransaction> BeginSerialisedAsync(IsoDbContext db, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLockKey})", cancellationToken);
        }

        return transaction;
    }

    /// <summary>Adds the missing rows to the context without saving; returns how many.</summary>
    internal async Task<int> StageAsync(CancellationToken cancellationToken)
    {
        var added = await SeedRolesAsync(cancellationToken);
        added += await SeedKindsAsync(cancellationToken);
        added += await SeedCalendarAsync(cancellationToken);
        return added;
    }

    private async Task<int> SeedRolesAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        var missing = IsoRoles.All.Except(existing, StringComparer.Ordinal).ToList();
        foreach (var role in missing)
        {
            db.Roles.Add(new IdentityRole<Guid>
            {
                Id = Guid.NewGuid(),
                Name = role,
                NormalizedName = normalizer.NormalizeName(role),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
            });
        }

        return missing.Count;
    }

    private async Task<int> SeedKindsAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        var kinds = await db.AgencyKinds.Select(k => k.Code).ToListAsync(cancellationToken);
        foreach (var kind in DemoProvince.Kinds.Where(k => !kinds.Contains(k.Code)))
        {
            db.AgencyKinds.Add(new AgencyKind { Code = kind.Code, NameVi = kind.NameVi, NameEn = kind.NameEn, Level = kind.Level });
            added++;
        }
        return added;
    }

    private async Task<int> SeedCalendarAsync(CancellationToken cancellationToken)
    {
        var entered = await db.CalendarYears.Select(y => y.Year).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var year in PublishedHolidays.Years.Where(y => !entered.Contains(y)))
        {
            var calendarYear = new CalendarYear { Year = year };
            calendarYear.Days.AddRange((PublishedHolidays.For(year) ?? []).Select(d =>
                new CalendarDay { Date = d.Date, Year = year, Kind = d.Kind, Name = d.Name }));
            db.CalendarYears.Add(calendarYear);
            added++;
        }

        return added;
    }
}
