using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data.Tests.Organisation;

public sealed class OrganisationQueriesTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 28);
    private TestDatabase _database = null!;
    private AsyncServiceScope _scope;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await _database.SeedAsync();
        _scope = _database.CreateScope();
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AgencyTree_ForEverything_HasTheProvinceAsTheOnlyRoot_WithCommunesUnderTheirCity()
    {
        var tree = await Queries().GetAgencyTreeAsync(AgencyVisibility.Everything, Today, cancellationToken: Ct);

        var root = Assert.Single(tree);
        Assert.Equal("DAKNONG", root.Agency.Code);
        Assert.Equal("VPUBND", root.Children[0].Agency.Code);
        var giaNghia = Assert.Single(root.Children, c => c.Agency.Code == "GIANGHIA");
        Assert.Equal(["NGHIADUC", "NGHIATHANH", "DAKNIA"], giaNghia.Children.Select(c => c.Agency.Code));
        Assert.Equal("UBND cấp xã", giaNghia.Children[0].Agency.KindName);
    }

    [Fact]
    public async Task AgencyTree_ForSomeAgencies_ShowsOnlyThose_AndAVisibleAgencyWithHiddenParentBecomesARoot()
    {
        var stp = (await Queries().FindAgencyAsync("stp", Ct))!;
        var nghiaDuc = (await Queries().FindAgencyAsync("NGHIADUC", Ct))!;

        var tree = await Queries().GetAgencyTreeAsync(AgencyVisibility.Only([stp.Id, nghiaDuc.Id]), Today, cancellationToken: Ct);

        Assert.Equal(["STP", "NGHIADUC"], tree.Select(n => n.Agency.Code));
        Assert.All(tree, n => Assert.Empty(n.Children));
    }

    [Fact]
    public async Task AgencyTree_LeavesOutEndedAgencies_UnlessAsked()
    {
        await using (var db = _database.CreateContext())
        {
            (await db.Agencies.SingleAsync(a => a.Code == "TUYDUC", Ct)).EffectiveTo = new DateOnly(2025, 6, 30);
            await db.SaveChangesAsync(Ct);
        }

        var current = await Queries().GetAgencyTreeAsync(AgencyVisibility.Everything, Today, cancellationToken: Ct);
        var all = await Queries().GetAgencyTreeAsync(AgencyVisibility.Everything, Today, includeEnded: true, Ct);

        Assert.DoesNotContain(current[0].Children, c => c.Agency.Code == "TUYDUC");
        Assert.Contains(all[0].Children, c => c.Agency.Code == "TUYDUC");
    }

    [Fact]
    public async Task People_OfAnAgency_AreOnlyThatAgencysPeople_WithUnitsAndRoles()
    {
        var stp = (await Queries().FindAgencyAsync("STP", Ct))!;

        var people = await Queries().GetPeopleAsync(stp.Id, Ct);

        Assert.Equal(
            DemoAccounts.All.Where(a => a.AgencyCode == "STP").Select(a => a.UserName).Order(),
            people.Select(p => p.UserName).Order());
        var reception = Assert.Single(people, p => p.UserName == "motcua.stp");
        Assert.Equal("MOT-CUA", reception.Unit!.Code);
        Assert.Equal([IsoRoles.Staff], reception.Roles);
    }

    [Fact]
    public async Task Person_HasTheirAgencyUnitAndRoles()
    {
        Guid id;
        await using (var db = _database.CreateContext())
        {
            id = await db.Users.Where(u => u.UserName == DemoAccounts.Auditor.UserName).Select(u => u.Id).SingleAsync(Ct);
        }

        var person = await Queries().GetPersonAsync(id, Ct);

        Assert.NotNull(person);
        Assert.Equal("SKHCN", person.Agency.Code);
        Assert.Equal("Sở Khoa học và Công nghệ", person.Agency.Name);
        Assert.Equal("CHUYEN-MON", person.Unit!.Code);
        Assert.Equal([IsoRoles.Auditor], person.Roles);
        Assert.Null(await Queries().GetPersonAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Subtree_OfACity_IsTheCityAndItsCommunes()
    {
        var giaNghia = (await Queries().FindAgencyAsync("GIANGHIA", Ct))!;

        var ids = await Queries().GetSubtreeIdsAsync(giaNghia.Id, Ct);

        var tree = await Queries().GetAgencyTreeAsync(AgencyVisibility.Only(ids), Today, cancellationToken: Ct);
        var root = Assert.Single(tree);
        Assert.Equal("GIANGHIA", root.Agency.Code);
        Assert.Equal(3, root.Children.Count);
        Assert.Empty(await Queries().GetSubtreeIdsAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Units_OfAnAgency_AreInConfiguredOrder()
    {
        var snv = (await Queries().FindAgencyAsync("SNV", Ct))!;

        var units = await Queries().GetUnitsAsync(snv.Id, Ct);

        Assert.Equal(["VP", "MOT-CUA", "CHUYEN-MON", "VAN-THU"], units.Select(u => u.Code));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task EveryQuery_TranslatesOnEachProvider(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.SeedAsync();
        await using var scope = database.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<OrganisationQueries>();

        var stp = (await queries.FindAgencyAsync("STP", Ct))!;
        var tree = await queries.GetAgencyTreeAsync(AgencyVisibility.Only(await queries.GetSubtreeIdsAsync(stp.Id, Ct)), Today, cancellationToken: Ct);
        var people = await queries.GetPeopleAsync(stp.Id, Ct);
        var person = await queries.GetPersonAsync(people.Single(p => p.UserName == DemoAccounts.Leader.UserName).Id, Ct);

        Assert.Equal("STP", Assert.Single(tree).Agency.Code);
        Assert.Equal(4, (await queries.GetUnitsAsync(stp.Id, Ct)).Count);
        Assert.Equal(DemoAccounts.All.Count(a => a.AgencyCode == "STP"), people.Count);
        Assert.Equal([IsoRoles.Leader], person!.Roles);
        Assert.Null(person.Unit);
    }

    private OrganisationQueries Queries() => _scope.ServiceProvider.GetRequiredService<OrganisationQueries>();
}
