using Iso.Data;
using Iso.Data.Organisation;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Organisation;
using Iso.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Iso.Web.Tests.Organisation.OrganisationFixture;

namespace Iso.Web.Tests.Organisation;

public sealed class OrganisationAdministrationTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAgency_WithBlanksAndAnUnknownKindOrParent_IsInvalidFieldByField_AndNothingIsStored()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var code = NewCode("T");

        var blanks = await scope.Get<OrganisationAdministration>().CreateAgencyAsync(admin, new CreateAgencyRequest(" ", "\u200B", null, null, null, null), Ct);
        var unknown = await scope.Get<OrganisationAdministration>().CreateAgencyAsync(admin, new CreateAgencyRequest(code, "UBND xã Không Có", null, "tinh-moi", "KHONGCO", Since), Ct);
        var duplicate = await scope.Get<OrganisationAdministration>().CreateAgencyAsync(admin, new CreateAgencyRequest("stp", "Sở Tư pháp 2", null, "department", null, Since), Ct);

        Assert.Equal(["code", "effectiveFrom", "kindCode", "name"], blanks.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["kindCode", "parentCode"], unknown.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("KHONGCO", unknown.Problem.Errors["parentCode"][0].Args[0]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(["code"], duplicate.Problem!.Errors.Keys);
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        Assert.False(await db.Agencies.AnyAsync(a => a.Code == code, Ct));
    }

    [Fact]
    public async Task RenameAgency_KeepsTheOldNameForTheTimeBefore_AndRefusesADateBeforeTheCurrentName()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        scope.Get<CircuitUser>().User = admin.Principal; // as on the page: the history names the person of the circuit
        var organisation = scope.Get<OrganisationAdministration>();
        var code = NewCode("T");
        var created = await organisation.CreateAgencyAsync(admin, new CreateAgencyRequest(code, "UBND xã Cũ", null, "commune", "DAKNONG", Since), Ct);

        var early = await organisation.RenameAgencyAsync(admin, code, new RenameAgencyRequest("UBND xã Mới", null, new DateOnly(2023, 1, 1)), Ct);
        var renamed = await organisation.RenameAgencyAsync(admin, code, new RenameAgencyRequest("UBND xã Mới", null, Reform), Ct);

        Assert.Equal(["from"], early.Problem!.Errors.Keys);
        Assert.Equal("UBND xã Mới", renamed.Value.Name);
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var changes = new OrganisationChanges(db);
        Assert.Equal("UBND xã Cũ", await changes.NameOnAsync(created.Value.Id, new DateOnly(2025, 6, 30), Ct));
        Assert.Equal("UBND xã Mới", await changes.NameOnAsync(created.Value.Id, Reform, Ct));
        Assert.Contains(await db.History.Where(h => h.EntityType == nameof(Agency) && h.EntityId == created.Value.Id.ToString()).ToListAsync(Ct),
            h => h.UserName == Demo.Administrator && h.Changes.Contains("UBND xã Mới", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Units_AreCreatedRenamedMergedAndClosed_WithTheirDates()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var organisation = scope.Get<OrganisationAdministration>();
        var code = NewCode("T");
        await organisation.CreateAgencyAsync(admin, new CreateAgencyRequest(code, "UBND xã Đơn Vị", null, "commune", "DAKNONG", Since), Ct);
        foreach (var unit in new[] { "VP", "TP", "KT" })
        {
            Assert.True((await organisation.CreateUnitAsync(admin, code, new CreateUnitRequest(unit, "Đơn vị " + unit, Since), Ct)).Succeeded);
        }

        var duplicate = await organisation.CreateUnitAsync(admin, code, new CreateUnitRequest("vp", "Trùng", Since), Ct);
        Assert.True((await organisation.RenameUnitAsync(admin, code, "VP", new RenameUnitRequest("Văn phòng - Thống kê"), Ct)).Succeeded);
        Assert.True((await organisation.MergeUnitsAsync(admin, code, new MergeUnitsRequest(["TP"], "VP", Reform), Ct)).Succeeded);
        Assert.True((await organisation.CloseUnitAsync(admin, code, "KT", new CloseRequest(Reform), Ct)).Succeeded);
        var unknownAgency = await organisation.CloseUnitAsync(admin, "KHONGCO", "KT", new CloseRequest(Reform), Ct);

        Assert.Equal(["code"], duplicate.Problem!.Errors.Keys);
        Assert.Equal(ProblemKind.NotFound, unknownAgency.Problem?.Kind);
        var details = await scope.Get<IOrganisationDirectory>().GetAgencyAsync(admin, code, Ct);
        var units = details.Value.Units.ToDictionary(u => u.Code);
        Assert.Equal(("Văn phòng - Thống kê", null), (units["VP"].Name, units["VP"].EffectiveTo));
        Assert.Equal(new DateOnly(2025, 6, 30), units["TP"].EffectiveTo);
        Assert.Equal(new DateOnly(2025, 6, 30), units["KT"].EffectiveTo);
    }

    [Fact]
    public async Task CloseAndSplit_WithoutADate_AreInvalid_AndSplitMakesTwoAgencies()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var organisation = scope.Get<OrganisationAdministration>();
        var code = NewCode("T");
        await organisation.CreateAgencyAsync(admin, new CreateAgencyRequest(code, "UBND xã Chia Tách", null, "commune", "DAKNONG", Since), Ct);
        await organisation.CreateUnitAsync(admin, code, new CreateUnitRequest("VP", "Văn phòng", Since), Ct);
        await organisation.CreateUnitAsync(admin, code, new CreateUnitRequest("TP", "Tư pháp", Since), Ct);
        var (first, second) = (NewCode("S"), NewCode("S"));

        var undated = await organisation.CloseAgencyAsync(admin, code, new CloseRequest(null), Ct);
        var onePart = await organisation.SplitAgencyAsync(admin, code, new SplitAgencyRequest(Reform, [new SplitPartRequest(first, "Xã Một", null, "commune", null, [])]), Ct);
        var split = await organisation.SplitAgencyAsync(admin, code, new SplitAgencyRequest(Reform,
        [
            new SplitPartRequest(first, "UBND xã Một", null, "commune", null, []),
            new SplitPartRequest(second, "UBND xã Hai", null, "commune", null, ["tp"]),
        ]), Ct);
        var closeEnded = await organisation.CloseAgencyAsync(admin, code, new CloseRequest(new DateOnly(2026, 1, 1)), Ct);

        Assert.Equal(["from"], undated.Problem!.Errors.Keys);
        Assert.Equal(["parts"], onePart.Problem!.Errors.Keys);
        Assert.True(split.Succeeded, split.Problem?.ToString());
        Assert.Equal([first, second], split.Value.Select(a => a.Code));
        Assert.Equal(["code"], closeEnded.Problem!.Errors.Keys);
    }

    [Fact]
    public async Task EveryChange_ByStaff_IsForbidden()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);
        var organisation = scope.Get<OrganisationAdministration>();

        Assert.Equal(ProblemKind.Forbidden, (await organisation.CreateAgencyAsync(staff, new CreateAgencyRequest("X", "X", null, "commune", null, Since), Ct)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await organisation.RenameAgencyAsync(staff, "STP", new RenameAgencyRequest("X", null, Reform), Ct)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await organisation.CloseUnitAsync(staff, "STP", "VP", new CloseRequest(Reform), Ct)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await organisation.UpdateAgencyAsync(Caller.Nobody, "STP", new UpdateAgencyRequest("X", null, null, null), Ct)).Problem?.Kind);
    }
}
