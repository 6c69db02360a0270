using System.Security.Claims;
using Iso.Data.Identity;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Auth;

public sealed class IsoPoliciesTests
{
    private static readonly Guid OwnAgency = Guid.NewGuid();
    private static readonly Guid OtherAgency = Guid.NewGuid();

    private readonly IAuthorizationService _authorization = new ServiceCollection()
        .AddLogging()
        .AddIsoAuthorization()
        .BuildServiceProvider()
        .GetRequiredService<IAuthorizationService>();

    [Theory]
    [InlineData(IsoPolicies.ManageOrganisation, IsoRoles.Administrator, true)]
    [InlineData(IsoPolicies.ManageOrganisation, IsoRoles.Auditor, false)]
    [InlineData(IsoPolicies.AuthorDocuments, IsoRoles.QualityOfficer, true)]
    [InlineData(IsoPolicies.AuthorDocuments, IsoRoles.Staff, false)]
    [InlineData(IsoPolicies.Approve, IsoRoles.Leader, true)]
    [InlineData(IsoPolicies.Approve, IsoRoles.QualityOfficer, false)]
    [InlineData(IsoPolicies.HandleCases, IsoRoles.Staff, true)]
    [InlineData(IsoPolicies.HandleCases, IsoRoles.Auditor, false)]
    [InlineData(IsoPolicies.Audit, IsoRoles.Auditor, true)]
    [InlineData(IsoPolicies.Audit, IsoRoles.Administrator, false)]
    [InlineData(IsoPolicies.ReadAcrossAgencies, IsoRoles.Auditor, true)]
    [InlineData(IsoPolicies.ReadAcrossAgencies, IsoRoles.Administrator, true)]
    [InlineData(IsoPolicies.ReadAcrossAgencies, IsoRoles.Leader, false)]
    public async Task Policy_GrantsExactlyItsRoles(string policy, string role, bool expected)
    {
        var result = await _authorization.AuthorizeAsync(Person(role), policy);

        Assert.Equal(expected, result.Succeeded);
    }

    [Theory]
    [InlineData(IsoRoles.Staff, true, false)]
    [InlineData(IsoRoles.Leader, true, false)]
    [InlineData(IsoRoles.Auditor, true, true)]
    [InlineData(IsoRoles.Administrator, true, true)]
    public async Task ReadAgency_AllowsOwnAgency_AndOthersOnlyToCrossAgencyReaders(string role, bool own, bool other)
    {
        Assert.Equal(own, (await _authorization.AuthorizeAsync(Person(role), OwnAgency, IsoPolicies.ReadAgency)).Succeeded);
        Assert.Equal(other, (await _authorization.AuthorizeAsync(Person(role), OtherAgency, IsoPolicies.ReadAgency)).Succeeded);
    }

    [Fact]
    public async Task ReadAgency_ForAnonymous_IsDenied()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());

        Assert.False((await _authorization.AuthorizeAsync(anonymous, OwnAgency, IsoPolicies.ReadAgency)).Succeeded);
    }

    private static ClaimsPrincipal Person(string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "x"), new Claim(IsoClaims.AgencyId, OwnAgency.ToString()), new Claim(ClaimTypes.Role, role)], "Test"));
}
