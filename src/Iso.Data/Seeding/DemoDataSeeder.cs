using Iso.Data.Calendar;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Workflows.Calendar;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Iso.Data.Seeding;

/// <summary>Creates the roles, the demo province (Đắk Nông, 2021), the demo accounts and the published calendar.
/// Idempotent: it only adds what is missing and never overwrites what an administrator changed.</summary>
public sealed class DemoDataSeeder(
    IsoDbContext db,
    IPasswordHasher<IsoUser> passwordHasher,
    ILookupNormalizer normalizer,
    DatabaseCalendarDataSource calendar,
    ILogger<DemoDataSeeder> logger)
{
    /// <summary>Arbitrary but fixed key of the PostgreSQL advisory lock that serialises seeding across nodes.</summary>
    private const long SeedLockKey = 0x150_5EED;

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        // All or nothing; on PostgreSQL several nodes may start together, so seeding is serialised by an advisory lock.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLockKey})", cancellationToken);
        }

        var added = 0;
        added += await SeedRolesAsync(cancellationToken);
        added += await SeedOrganisationAsync(cancellationToken);
        added += await SeedCalendarAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // Users reference roles, agencies and units by id, which now exist.
        added += await SeedUsersAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        calendar.Invalidate();
        logger.LogInformation("Demo data checked; {Count} missing row(s) added", added);
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

    private async Task<int> SeedOrganisationAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        var kinds = await db.AgencyKinds.Select(k => k.Code).ToListAsync(cancellationToken);
        foreach (var kind in DemoProvince.Kinds.Where(k => !kinds.Contains(k.Code)))
        {
            db.AgencyKinds.Add(new AgencyKind { Code = kind.Code, NameVi = kind.NameVi, NameEn = kind.NameEn, Level = kind.Level });
            added++;
        }

        var agencies = await db.Agencies.Include(a => a.Units).ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, cancellationToken);
        var order = 0;
        foreach (var seed in DemoProvince.Agencies)
        {
            order++;
            if (!agencies.TryGetValue(seed.Code, out var agency))
            {
                agency = new Agency
                {
                    Id = Guid.NewGuid(),
                    Code = seed.Code,
                    Name = seed.Name,
                    ShortName = seed.ShortName,
                    KindCode = seed.KindCode,
                    ParentId = seed.ParentCode is null ? null : agencies[seed.ParentCode].Id,
                    EffectiveFrom = DemoProvince.EffectiveFrom,
                    SortOrder = order * 10,
                };
                agencies.Add(seed.Code, agency);
                db.Agencies.Add(agency);
                added++;
            }

            var unitOrder = 0;
            foreach (var unit in seed.Units)
            {
                unitOrder++;
                if (agency.Units.Any(u => u.Code == unit.Code))
                {
                    continue;
                }

                agency.Units.Add(new OrgUnit
                {
                    Id = Guid.NewGuid(),
                    AgencyId = agency.Id,
                    Code = unit.Code,
                    Name = unit.Name,
                    EffectiveFrom = DemoProvince.EffectiveFrom,
                    SortOrder = unitOrder * 10,
                });
                added++;
            }
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

    private async Task<int> SeedUsersAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, StringComparer.Ordinal, cancellationToken);
        foreach (var account in DemoAccounts.All)
        {
            var normalized = normalizer.NormalizeName(account.UserName);
            var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
            if (user is null)
            {
                var agency = await db.Agencies.Include(a => a.Units).SingleAsync(a => a.Code == account.AgencyCode, cancellationToken);
                user = new IsoUser
                {
                    Id = Guid.NewGuid(),
                    UserName = account.UserName,
                    NormalizedUserName = normalized,
                    Email = account.Email,
                    NormalizedEmail = normalizer.NormalizeEmail(account.Email),
                    EmailConfirmed = true,
                    FullName = account.FullName,
                    Position = account.Position,
                    AgencyId = agency.Id,
                    UnitId = account.UnitCode is null ? null : agency.Units.Single(u => u.Code == account.UnitCode).Id,
                    SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                    ConcurrencyStamp = Guid.NewGuid().ToString(),
                    LockoutEnabled = true,
                };
                user.PasswordHash = passwordHasher.HashPassword(user, account.Password);
                db.Users.Add(user);
                added++;
            }

            var roleId = roles[account.Role];
            if (!await db.UserRoles.AnyAsync(r => r.UserId == user.Id && r.RoleId == roleId, cancellationToken))
            {
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleId });
                added++;
            }
        }

        return added;
    }
}
