using Iso.Web.Application;
using Iso.Web.Organisation;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Organisation;

public sealed class OrganisationDirectoryTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Staff_SeeOnlyTheirOwnAgency_AndAreRefusedAnotherAgencysPeople()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);
        var directory = scope.Get<IOrganisationDirectory>();

        var tree = await directory.GetVisibleTreeAsync(staff, Ct);
        var own = await directory.GetAgencyAsync(staff, Demo.JusticeCode, Ct);
        var other = await directory.GetAgencyAsync(staff, Demo.HomeAffairsCode, Ct);
        var summary = await directory.GetSummaryAsync(staff, Ct);

        Assert.Equal(Demo.JusticeCode, Assert.Single(tree).Code);
        Assert.Contains(own.Value.People, p => p.UserName == Demo.JusticeStaff);
        Assert.Equal(ProblemKind.Forbidden, other.Problem?.Kind);
        Assert.Equal(1, summary.Agencies);
    }

    [Fact]
    public async Task Auditor_ReadsEveryAgency()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var auditor = await scope.ServiceProvider.CallerAsync(Demo.Auditor);

        var other = await scope.Get<IOrganisationDirectory>().GetAgencyAsync(auditor, Demo.HomeAffairsCode, Ct);
        var summary = await scope.Get<IOrganisationDirectory>().GetSummaryAsync(auditor, Ct);

        Assert.Contains(other.Value.People, p => p.UserName == Demo.HomeAffairsStaff);
        Assert.True(summary.Agencies > 1);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \u0000 ")]
    public async Task GetAgency_WithABlankCode_IsInvalidNamingCode(string code)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var auditor = await scope.ServiceProvider.CallerAsync(Demo.Auditor);

        var result = await scope.Get<IOrganisationDirectory>().GetAgencyAsync(auditor, code, Ct);

        Assert.Equal(["code"], result.Problem?.Errors.Keys);
    }

    [Fact]
    public async Task GetAgency_WithAnOversizedCode_IsInvalidNamingCode()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var auditor = await scope.ServiceProvider.CallerAsync(Demo.Auditor);

        var result = await scope.Get<IOrganisationDirectory>().GetAgencyAsync(auditor, new string('A', TextLimits.Code + 1), Ct);

        Assert.Equal(["code"], result.Problem?.Errors.Keys);
    }

    [Fact]
    public async Task Nobody_SeesNothing_AndHasNoProfile()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var directory = scope.Get<IOrganisationDirectory>();

        var tree = await directory.GetVisibleTreeAsync(Caller.Nobody, Ct);
        var profile = await directory.GetProfileAsync(Caller.Nobody, Ct);
        var people = await directory.GetAgencyAsync(Caller.Nobody, Demo.JusticeCode, Ct);

        Assert.Empty(tree);
        Assert.Equal(ProblemKind.NotSignedIn, profile.Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, people.Problem?.Kind);
    }
}
