using Iso.Data.Identity;
using Iso.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Tests.Seeding;

public sealed class DemoDataSeederTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Seed_RunTwice_AddsNothingTheSecondTime(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        await database.SeedAsync();
        var first = await CountsAsync(database);
        await database.SeedAsync();
        var second = await CountsAsync(database);

        Assert.Equal(first, second);
        Assert.True(first.Agencies >= 26, $"expected the Đắk Nông tree, got {first.Agencies} agencies");
        Assert.Equal(DemoAccounts.All.Count, first.Users);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Seed_CreatesAnAccountForEveryRole_InItsAgencyAndUnit_WithTheDemoPassword(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.SeedAsync();
        await using var db = database.CreateContext();
        var hasher = new PasswordHasher<IsoUser>();

        // Every role but the agency administrator's (a system administrator makes those in the browser, issue 9).
        Assert.Equal(IsoRoles.All.Except([IsoRoles.AgencyAdministrator]).Order(), DemoAccounts.All.Select(a => a.Role).Distinct().Order());
        foreach (var account in DemoAccounts.All)
        {
            var normalized = account.UserName.ToUpperInvariant();
            var user = await db.Users.Include(u => u.Agency).Include(u => u.Unit)
                .SingleAsync(u => u.NormalizedUserName == normalized, Ct);
            var roles = await db.UserRoles.Where(r => r.UserId == user.Id)
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(Ct);

            Assert.Equal([account.Role], roles);
            Assert.Equal(account.AgencyCode, user.Agency!.Code);
            Assert.Equal(account.UnitCode, user.Unit?.Code);
            Assert.Equal(account.FullName, user.FullName);
            Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, user.PasswordHash!, DemoAccounts.Password));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Seed_StartedByTwoNodesAtOnce_CreatesEverythingOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        await Task.WhenAll(Task.Run(database.SeedAsync, Ct), Task.Run(database.SeedAsync, Ct));

        var counts = await CountsAsync(database);
        await database.SeedAsync();
        Assert.Equal(counts, await CountsAsync(database));
        Assert.Equal(DemoAccounts.All.Count, counts.Users);
    }

    [Fact]
    public async Task Seed_DoesNotOverwriteAnAdministratorsChanges()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using (var db = database.CreateContext())
        {
            var stp = await db.Agencies.SingleAsync(a => a.Code == "STP", Ct);
            stp.Name = "Sở Tư pháp tỉnh Đắk Nông";
            await db.SaveChangesAsync(Ct);
        }

        await database.SeedAsync();

        await using var check = database.CreateContext();
        Assert.Equal("Sở Tư pháp tỉnh Đắk Nông", (await check.Agencies.SingleAsync(a => a.Code == "STP", Ct)).Name);
    }

    [Fact]
    public async Task Seed_BuildsTheProvinceTree_WithCommunesUnderTheirDistrict()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using var db = database.CreateContext();

        var nghiaDuc = await db.Agencies.Include(a => a.Parent!).ThenInclude(p => p.Parent).SingleAsync(a => a.Code == "NGHIADUC", Ct);
        Assert.Equal("commune", nghiaDuc.KindCode);
        Assert.Equal("GIANGHIA", nghiaDuc.Parent!.Code);
        Assert.Equal("DAKNONG", nghiaDuc.Parent.Parent!.Code);
        Assert.Equal(new DateOnly(2021, 1, 1), nghiaDuc.EffectiveFrom);
        Assert.Contains(await db.Units.Where(u => u.AgencyId == nghiaDuc.Id).Select(u => u.Code).ToListAsync(Ct), c => c == "MOT-CUA");
    }

    [Fact]
    public void MarkdownTable_HasOneRowPerAccount_WithRoleAgencyUserNameAndPassword()
    {
        var lines = DemoAccounts.ToMarkdownTable().TrimEnd('\n').Split('\n');

        Assert.Equal("| Role | User name | Password |", lines[0]);
        Assert.Equal(DemoAccounts.All.Count + 2, lines.Length);
        Assert.Contains("| Auditor (Đánh giá viên) — Sở Khoa học và Công nghệ, CHUYEN-MON | `danhgia.skhcn` | `Demo@2026` |", lines);
        Assert.Contains("| Leader (Lãnh đạo (phê duyệt)) — Sở Tư pháp, CHUYEN-MON | `truongphong.stp` | `Demo@2026` |", lines);
    }

    private static async Task<(int Kinds, int Agencies, int Units, int Users, int UserRoles, int Roles, int CalendarDays)> CountsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return (await db.AgencyKinds.CountAsync(Ct), await db.Agencies.CountAsync(Ct), await db.Units.CountAsync(Ct),
            await db.Users.CountAsync(Ct), await db.UserRoles.CountAsync(Ct), await db.Roles.CountAsync(Ct), await db.CalendarDays.CountAsync(Ct));
    }
}
