using Iso.Data.Calendar;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Workflows.Calendar;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Iso.Data.Seeding;

/// <summary>Creates the reference data (<see cref="ReferenceDataSeeder"/>), the demo province (Đắk Nông, 2021) and the demo accounts.
/// Idempotent: it only adds what is missing and never overwrites what an administrator changed.</summary>
public sealed class DemoDataSeeder(
    IsoDbContext db,
    ReferenceDataSeeder referenceData,
    IPasswordHasher<IsoUser> passwordHasher,
    ILookupNormalizer normalizer,
    DatabaseCalendarDataSource calendar,
    ILogger<DemoDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        // All or nothing; on PostgreSQL several nodes may start together, so seeding is serialised by an advisory lock.
        await using var transaction = await ReferenceDataSeeder.BeginSerialisedAsync(db, cancellationToken);

        var added = 0;
        added += await referenceData.StageAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        added += await SeedOrganisationAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // Users reference roles, agencies and units by id, which now exist.
        added += await SeedUsersAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        calendar.Invalidate();
        logger.LogInformation("Demo data checked; {Count} missing row(s) added", added);
    }

    private async Task<int> SeedOrganisationAsync(CancellationToken cancellationToken)
    {
        var added = 0;
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
                    ElectronicCode = seed.ElectronicCode,
                    KindCode = seed.KindCode,
                    ParentId = seed.ParentCode is null ? null : agencies[seed.ParentCode].Id,
                    EffectiveFrom = DemoProvince.EffectiveFrom,
                    SortOrder = order * 10,
                };
                agencies.Add(seed.Code, agency);
                db.Agencies.Add(agency);
                added++;
            }
            else if (agency.ElectronicCode is null && seed.ElectronicCode is not null
                && !agencies.Values.Any(a => a.ElectronicCode == seed.ElectronicCode))
            {
                // A demo database seeded before agencies had electronic codes gets them; a code an administrator set stays.
                agency.ElectronicCode = seed.ElectronicCode;
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
