using Iso.Data.Organisation;
using Iso.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data.Tests.Organisation;

/// <summary>Renames, merges, splits and closures keep the history: nothing is deleted, the old stays readable as it was.</summary>
public sealed class OrganisationChangesTests
{
    private static readonly DateOnly Reform = new(2025, 7, 1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task MergeCommunes_IntoANewWard_MovesPeopleAndUnits_AndEndsThePredecessors(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.SeedAsync();
        await using var scope = database.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<OrganisationChanges>();

        var result = await changes.MergeAgenciesAsync(
            ["NGHIADUC", "NGHIATHANH"], null, new NewAgency("NAMGIANGHIA", "UBND phường Nam Gia Nghĩa", null, "commune", null, Reform), Reform, Ct);

        await using var db = database.CreateContext();
        var ward = await db.Agencies.Include(a => a.Units).SingleAsync(a => a.Code == "NAMGIANGHIA", Ct);
        Assert.Equal(result.SuccessorId, ward.Id);
        Assert.Equal(Reform, ward.EffectiveFrom);
        Assert.Equal("GIANGHIA", await db.Agencies.Where(a => a.Id == ward.ParentId).Select(a => a.Code).SingleAsync(Ct));
        Assert.Equal(["CHUYEN-MON", "MOT-CUA", "VAN-THU", "VP"], ward.Units.Select(u => u.Code).Order(StringComparer.Ordinal));
        foreach (var code in new[] { "NGHIADUC", "NGHIATHANH" })
        {
            var old = await db.Agencies.Include(a => a.Units).SingleAsync(a => a.Code == code, Ct);
            Assert.Equal(new DateOnly(2025, 6, 30), old.EffectiveTo);
            Assert.Equal(ward.Id, old.SuccessorId);
            Assert.All(old.Units, u => Assert.Equal(new DateOnly(2025, 6, 30), u.EffectiveTo));
            Assert.All(old.Units, u => Assert.Contains(ward.Units, w => w.Id == u.SuccessorId && w.Code == u.Code));
            Assert.Equal(code == "NGHIADUC" ? "UBND phường Nghĩa Đức" : "UBND phường Nghĩa Thành", old.Name); // readable as it was
        }

        var commune = await db.Users.SingleAsync(u => u.UserName == DemoAccounts.CommuneStaff.UserName, Ct);
        Assert.Equal(ward.Id, commune.AgencyId);
        Assert.Equal("MOT-CUA", await db.Units.Where(u => u.Id == commune.UnitId).Select(u => u.Code).SingleAsync(Ct));
        Assert.Equal(DemoAccounts.All.Count(a => a.AgencyCode is "NGHIADUC" or "NGHIATHANH"), result.PeopleMoved);

        var lineage = await changes.GetLineageAsync(ward.Id, Ct);
        Assert.Equal(3, lineage.Count);
        Assert.Contains(result.PredecessorIds[0], lineage);
    }

    [Fact]
    public async Task Merge_WithADateBeforeAPredecessorStarted_OrAnEndedPredecessor_IsRefused_AndNothingChanges()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using var scope = database.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<OrganisationChanges>();

        var early = await Assert.ThrowsAsync<OrganisationChangeException>(() => changes.MergeAgenciesAsync(
            ["NGHIADUC", "NGHIATHANH"], null, new NewAgency("NAMGIANGHIA", "UBND phường Nam Gia Nghĩa", null, "commune", null, new DateOnly(2020, 1, 1)),
            new DateOnly(2020, 1, 1), Ct));
        var unknown = await Assert.ThrowsAsync<OrganisationChangeException>(() => changes.MergeAgenciesAsync(
            ["NGHIADUC", "KHONGCO"], "NGHIATHANH", null, Reform, Ct));

        Assert.Contains("from", early.Errors.Keys);
        Assert.Contains("01/01/2020", early.Errors["from"][0], StringComparison.Ordinal);
        Assert.Contains("KHONGCO", unknown.Errors["predecessors"][0], StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.False(await db.Agencies.AnyAsync(a => a.Code == "NAMGIANGHIA" || a.EffectiveTo != null, Ct));
    }

    [Fact]
    public async Task Rename_KeepsTheOldNameForTheTimeBefore()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using var scope = database.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<OrganisationChanges>();
        await using var db = database.CreateContext();
        var id = await db.Agencies.Where(a => a.Code == "DAKNONG").Select(a => a.Id).SingleAsync(Ct);

        await changes.RenameAgencyAsync("daknong", "UBND tỉnh Lâm Đồng", "UBND tỉnh", Reform, Ct);

        Assert.Equal("UBND tỉnh Đắk Nông", await changes.NameOnAsync(id, new DateOnly(2024, 5, 1), Ct));
        Assert.Equal("UBND tỉnh Đắk Nông", await changes.NameOnAsync(id, new DateOnly(2025, 6, 30), Ct));
        Assert.Equal("UBND tỉnh Lâm Đồng", await changes.NameOnAsync(id, Reform, Ct));
        Assert.Equal("UBND tỉnh Lâm Đồng", await db.Agencies.Where(a => a.Id == id).Select(a => a.Name).SingleAsync(Ct));
        var again = await Assert.ThrowsAsync<OrganisationChangeException>(() => changes.RenameAgencyAsync("DAKNONG", "Tên khác", null, Reform, Ct));
        Assert.Contains("from", again.Errors.Keys);
    }

    [Fact]
    public async Task Close_WithActivePeopleOrCurrentSubAgencies_IsRefused_ButAnEmptyAgencyCloses()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using var scope = database.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<OrganisationChanges>();

        var withChildren = await Assert.ThrowsAsync<OrganisationChangeException>(() => changes.CloseAgencyAsync("CUJUT", Reform, Ct));
        Assert.Contains("2 cơ quan trực thuộc", withChildren.Errors["code"][0], StringComparison.Ordinal);

        await changes.MoveAgencyAsync("EATLING", "DAKNONG", Ct);
        await changes.MoveAgencyAsync("TAMTHANG", "DAKNONG", Ct);
        await changes.CloseAgencyAsync("CUJUT", Reform, Ct);

        await using var db = database.CreateContext();
        var district = await db.Agencies.Include(a => a.Units).SingleAsync(a => a.Code == "CUJUT", Ct);
        Assert.Equal(new DateOnly(2025, 6, 30), district.EffectiveTo);
        Assert.All(district.Units, u => Assert.NotNull(u.EffectiveTo));
        var cycle = await Assert.ThrowsAsync<OrganisationChangeException>(() => changes.MoveAgencyAsync("DAKNONG", "EATLING", Ct));
        Assert.Contains("parentCode", cycle.Errors.Keys);
    }

    [Fact]
    public async Task Split_GivesEachNewAgencyItsUnitsAndTheirPeople()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using var scope = database.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<OrganisationChanges>();

        var created = await changes.SplitAgencyAsync(
            "STP",
            [
                new SplitPart(new NewAgency("STP-A", "Sở Tư pháp (phần A)", null, "department", null, Reform), []),
                new SplitPart(new NewAgency("STP-B", "Sở Tư pháp (phần B)", null, "department", null, Reform), ["CHUYEN-MON"]),
            ],
            Reform,
            Ct);

        await using var db = database.CreateContext();
        Assert.Equal(2, created.Count);
        var specialist = await db.Users.SingleAsync(u => u.UserName == DemoAccounts.Staff.UserName, Ct);
        var reception = await db.Users.SingleAsync(u => u.UserName == DemoAccounts.ReceptionStaff.UserName, Ct);
        Assert.Equal(created[1], specialist.AgencyId);
        Assert.Equal(created[0], reception.AgencyId);
        Assert.Equal(created[0], (await db.Agencies.SingleAsync(a => a.Code == "STP", Ct)).SuccessorId);
        Assert.Equal(["MOT-CUA", "VAN-THU", "VP"], await db.Units.Where(u => u.AgencyId == created[0]).Select(u => u.Code).OrderBy(c => c).ToListAsync(Ct));
    }

    [Fact]
    public async Task MergeUnits_MovesTheirPeopleToTheSuccessorUnit()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using var scope = database.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<OrganisationChanges>();

        await changes.MergeUnitsAsync("STP", ["VAN-THU", "VP"], "VP", Reform, Ct);

        await using var db = database.CreateContext();
        var units = await db.Units.Where(u => u.Agency!.Code == "STP").ToDictionaryAsync(u => u.Code, Ct);
        Assert.Equal(units["VP"].Id, units["VAN-THU"].SuccessorId);
        Assert.Null(units["VP"].EffectiveTo);
        Assert.Equal(new DateOnly(2025, 6, 30), units["VAN-THU"].EffectiveTo);
    }

    [Fact]
    public async Task RenameUnit_KeepsItsCode_AndTheOldNameIsInTheHistory()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using var scope = database.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<OrganisationChanges>();

        await changes.RenameUnitAsync("STP", "vp", "Văn phòng Sở Tư pháp", Ct);

        await using var db = database.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.Agency!.Code == "STP" && u.Code == "VP", Ct);
        Assert.Equal("Văn phòng Sở Tư pháp", unit.Name);
        var history = await db.History.Where(h => h.EntityType == nameof(OrgUnit) && h.EntityId == unit.Id.ToString()).ToListAsync(Ct);
        Assert.Contains(history, h => h.Action == "Modified" && h.Changes.Contains("Văn phòng Sở", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CloseUnit_WithActivePeople_IsRefused_ButAnEmptyUnitCloses()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using var scope = database.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<OrganisationChanges>();

        // Sở Tư pháp's reception has demo people; Sở Tài chính has no demo account at all.
        var refused = await Assert.ThrowsAsync<OrganisationChangeException>(() => changes.CloseUnitAsync("STP", "MOT-CUA", Reform, Ct));
        await changes.CloseUnitAsync("STC", "VAN-THU", Reform, Ct);

        Assert.Contains("unitCode", refused.Errors.Keys);
        await using var db = database.CreateContext();
        Assert.Null((await db.Units.SingleAsync(u => u.Agency!.Code == "STP" && u.Code == "MOT-CUA", Ct)).EffectiveTo);
        var units = await db.Units.Where(u => u.Agency!.Code == "STC").ToDictionaryAsync(u => u.Code, Ct);
        Assert.Null(units["MOT-CUA"].EffectiveTo);
        Assert.Equal(new DateOnly(2025, 6, 30), units["VAN-THU"].EffectiveTo);
    }

    [Fact]
    public async Task UpdateAgency_ChangesShortNameKindParentAndOrder_ButRefusesAParentBelowItself()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        await using var scope = database.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<OrganisationChanges>();

        var loop = await Assert.ThrowsAsync<OrganisationChangeException>(() => changes.UpdateAgencyAsync("GIANGHIA", new AgencyUpdate(ParentCode: "NGHIADUC"), Ct));
        var unknownKind = await Assert.ThrowsAsync<OrganisationChangeException>(() => changes.UpdateAgencyAsync("GIANGHIA", new AgencyUpdate(KindCode: "tinh-thanh"), Ct));
        await changes.UpdateAgencyAsync("NGHIADUC", new AgencyUpdate(ShortName: "P. Nghĩa Đức", ParentCode: "DAKNONG", SortOrder: 5), Ct);

        Assert.Contains("parentCode", loop.Errors.Keys);
        Assert.Contains("kindCode", unknownKind.Errors.Keys);
        await using var db = database.CreateContext();
        var agency = await db.Agencies.Include(a => a.Parent).SingleAsync(a => a.Code == "NGHIADUC", Ct);
        Assert.Equal(("P. Nghĩa Đức", "DAKNONG", 5, "commune"), (agency.ShortName, agency.Parent!.Code, agency.SortOrder, agency.KindCode));
        Assert.Equal("district", (await db.Agencies.SingleAsync(a => a.Code == "GIANGHIA", Ct)).KindCode);
    }
}
