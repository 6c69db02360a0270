using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Organisation;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Organisation;

public sealed class AccountAdministrationTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Staff_MayNeitherListNorSwitchAccounts()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);
        var accounts = scope.Get<AccountAdministration>();

        var list = await scope.Get<Iso.Web.Accounts.ListAccounts>().HandleAsync(staff, new Iso.Web.Accounts.ListAccountsRequest(), Ct);
        var change = await accounts.SetActiveAsync(staff, Demo.HomeAffairsStaff, false, Ct);

        Assert.Equal(ProblemKind.Forbidden, list.Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, change.Problem?.Kind);
    }

    [Fact]
    public async Task Administrator_CannotDeactivateTheirOwnAccount_NorAnUnknownOne()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var accounts = scope.Get<AccountAdministration>();

        var own = await accounts.SetActiveAsync(admin, Demo.Administrator, false, Ct);
        var unknown = await accounts.SetActiveAsync(admin, "khong.co.ai", false, Ct);
        var oversized = await accounts.SetActiveAsync(admin, new string('u', TextLimits.UserName + 1), false, Ct);

        Assert.Equal(ProblemKind.Conflict, own.Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, unknown.Problem?.Kind);
        Assert.Equal(["userName"], oversized.Problem?.Errors.Keys);
    }

    [Fact]
    public async Task Administrator_DeactivatesAnAccount_WhichGetsANewSecurityStamp()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var userName = "tam." + Guid.NewGuid().ToString("N")[..8];
        var agencyId = (await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff)).AgencyId;
        var users = scope.Get<UserManager<IsoUser>>();
        Assert.True((await users.CreateAsync(new IsoUser { UserName = userName, FullName = "Tạm Thời", AgencyId = agencyId })).Succeeded);
        var stampBefore = (await users.FindByNameAsync(userName))!.SecurityStamp;

        var change = await scope.Get<AccountAdministration>().SetActiveAsync(admin, userName, false, Ct);

        Assert.True(change.Succeeded);
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var stored = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName, Ct);
        Assert.False(stored.IsActive);
        Assert.NotEqual(stampBefore, stored.SecurityStamp);
        var listed = await scope.Get<Iso.Web.Accounts.ListAccounts>().HandleAsync(admin, new Iso.Web.Accounts.ListAccountsRequest(Text: userName), Ct);
        Assert.False(Assert.Single(listed.Value.Items, r => r.UserName == userName).IsActive);
    }
}
