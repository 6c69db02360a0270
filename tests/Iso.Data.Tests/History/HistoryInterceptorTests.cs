using System.Text.Json;
using Iso.Data.History;
using Iso.Data.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Tests.History;

public sealed class HistoryInterceptorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Actor(Guid? UserId, string UserName, Guid? AgencyId) : ICurrentActor;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Update_WritesOneEntry_WithOldAndNewValues_TheActorAndTheAgency(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (agencyId, unitId) = await AddAgencyWithUnitAsync(database);
        var actor = new Actor(Guid.NewGuid(), "thuky.stp", agencyId);

        await using (var db = database.CreateContext(actor))
        {
            var unit = await db.Units.SingleAsync(u => u.Id == unitId, Ct);
            unit.Name = "Phòng Hành chính tư pháp";
            await db.SaveChangesAsync(Ct);
        }

        await using var check = database.CreateContext();
        var entry = await check.History.SingleAsync(h => h.EntityType == nameof(OrgUnit) && h.Action == "Modified", Ct);
        Assert.Equal(unitId.ToString(), entry.EntityId);
        Assert.Equal(actor.UserId, entry.UserId);
        Assert.Equal("thuky.stp", entry.UserName);
        Assert.Equal(agencyId, entry.AgencyId);
        using var changes = JsonDocument.Parse(entry.Changes);
        var name = changes.RootElement.GetProperty("Name");
        Assert.Equal("Phòng Tư pháp", name.GetProperty("old").GetString());
        Assert.Equal("Phòng Hành chính tư pháp", name.GetProperty("new").GetString());
        Assert.Single(changes.RootElement.EnumerateObject()); // unchanged properties are not listed
    }

    [Fact]
    public async Task AddAndDelete_AreRecorded_WithTheirValues()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (_, unitId) = await AddAgencyWithUnitAsync(database);
        await using (var db = database.CreateContext())
        {
            db.Units.Remove(await db.Units.SingleAsync(u => u.Id == unitId, Ct));
            await db.SaveChangesAsync(Ct);
        }

        await using var check = database.CreateContext();
        var actions = await check.History.Where(h => h.EntityId == unitId.ToString()).OrderBy(h => h.Id).Select(h => h.Action).ToListAsync(Ct);
        Assert.Equal(["Added", "Deleted"], actions);
        var deleted = await check.History.SingleAsync(h => h.EntityId == unitId.ToString() && h.Action == "Deleted", Ct);
        Assert.Contains("\"old\":\"Phòng Tư pháp\"", deleted.Changes, StringComparison.Ordinal);
        Assert.Equal("system", deleted.UserName);
    }

    [Fact]
    public async Task PasswordChange_IsRecorded_WithoutTheHashOrStamp()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using (var db = database.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "motcua.stp", Ct);
            user.PasswordHash = "NEW-SECRET-HASH";
            user.SecurityStamp = "NEW-SECRET-STAMP";
            await db.SaveChangesAsync(Ct);
        }

        await using var check = database.CreateContext();
        var all = await check.History.Select(h => h.Changes).ToListAsync(Ct);
        Assert.DoesNotContain(all, c => c.Contains("NEW-SECRET", StringComparison.Ordinal) || c.Contains("AQAAAA", StringComparison.Ordinal));
        var modified = await check.History.SingleAsync(h => h.EntityType == "IsoUser" && h.Action == "Modified", Ct);
        Assert.Contains("\"PasswordHash\":{\"redacted\":true}", modified.Changes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EntityState.Modified)]
    [InlineData(EntityState.Deleted)]
    public async Task ChangingHistory_ThroughTheContext_IsRefused_AndNothingIsSaved(EntityState state)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await AddAgencyWithUnitAsync(database);
        await using var db = database.CreateContext();
        var entry = await db.History.OrderBy(h => h.Id).FirstAsync(Ct);
        var unit = await db.Units.FirstAsync(Ct);
        unit.Name = "Đổi tên";
        if (state == EntityState.Deleted)
        {
            db.History.Remove(entry);
        }
        else
        {
            entry.UserName = "kẻ giả mạo";
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        await using var check = database.CreateContext();
        Assert.Equal("Phòng Tư pháp", (await check.Units.SingleAsync(u => u.Id == unit.Id, Ct)).Name);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "UPDATE \"History\" SET \"UserName\" = 'x'")]
    [InlineData(DatabaseProvider.Sqlite, "DELETE FROM \"History\"")]
    [InlineData(DatabaseProvider.PostgreSql, "UPDATE \"History\" SET \"UserName\" = 'x'")]
    [InlineData(DatabaseProvider.PostgreSql, "DELETE FROM \"History\"")]
    [InlineData(DatabaseProvider.PostgreSql, "TRUNCATE \"History\"")]
    public async Task ChangingHistory_ThroughRawSql_IsAbortedByTheDatabase(DatabaseProvider provider, string sql)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await AddAgencyWithUnitAsync(database);
        await using var db = database.CreateContext();
        var before = await db.History.AsNoTracking().OrderBy(h => h.Id).Select(h => h.UserName).ToListAsync(Ct);

        var error = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync(sql, Ct));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await db.History.AsNoTracking().OrderBy(h => h.Id).Select(h => h.UserName).ToListAsync(Ct));
    }

    private static async Task<(Guid AgencyId, Guid UnitId)> AddAgencyWithUnitAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        db.AgencyKinds.Add(new AgencyKind { Code = "department", NameVi = "Sở/ngành", NameEn = "Department" });
        var agency = new Agency { Id = Guid.NewGuid(), Code = "STP", Name = "Sở Tư pháp", KindCode = "department", EffectiveFrom = new DateOnly(2021, 1, 1) };
        var unit = new OrgUnit { Id = Guid.NewGuid(), AgencyId = agency.Id, Code = "CHUYEN-MON", Name = "Phòng Tư pháp", EffectiveFrom = new DateOnly(2021, 1, 1) };
        db.Agencies.Add(agency);
        db.Units.Add(unit);
        await db.SaveChangesAsync(Ct);
        return (agency.Id, unit.Id);
    }
}
