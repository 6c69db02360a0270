using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Web.Accounts;
using Iso.Web.Application;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Accounts;

/// <summary>Agencies and accounts of one test, with unique names: the app and its database are shared by all tests.</summary>
internal static class Fresh
{
    public static readonly DateOnly Start = new(2025, 7, 1);

    public static string Name(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A new department under the demo province, with the given units (codes), created through the data layer.</summary>
    public static async Task<string> AgencyAsync(IServiceProvider services, params string[] unitCodes)
    {
        var code = "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var changes = services.GetRequiredService<OrganisationChanges>();
        await changes.CreateAgencyAsync(new NewAgency(code, "Sở Thử nghiệm " + code, null, "department", "DAKNONG", Start), TestContext.Current.CancellationToken);
        foreach (var unit in unitCodes)
        {
            await changes.CreateUnitAsync(code, new NewUnit(unit, "Phòng " + unit, Start), TestContext.Current.CancellationToken);
        }

        return code;
    }

    /// <summary>An account created by the demo system administrator; returns its one-time password.</summary>
    public static async Task<OneTimePassword> AccountAsync(
        AsyncServiceScope scope, string agencyCode, string? unitCode = null, params string[] roles)
    {
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var created = await scope.Get<CreateAccount>().HandleAsync(
            admin,
            new AccountInput(Name("tk."), "Người Thử " + Guid.NewGuid().ToString("N")[..4], "Chuyên viên", null, agencyCode, unitCode, roles.Length == 0 ? [IsoRoles.Staff] : roles),
            TestContext.Current.CancellationToken);
        Assert.True(created.Succeeded, created.Problem?.ToString());
        return created.Value;
    }
}
