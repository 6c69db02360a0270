using Iso.Data;
using Iso.Data.Identity;
using Iso.Data.Seeding;
using Iso.Web.Application;
using Iso.Web.Procedures;
using Iso.Web.Tests.Auth;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Procedures;

/// <summary>Each test works on procedures of its own (a fresh key in Sở Tư pháp), so tests never touch the demo procedures.</summary>
internal static class ProcedureTestData
{
    public const string Template = "tthc-mot-cap";

    public static string Officer => DemoAccounts.QualityOfficer.UserName;

    public static string Leader => DemoAccounts.Leader.UserName;

    public static string Reception => DemoAccounts.ReceptionStaff.UserName;

    public static string NewKey() => "t-" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<ProcedureVersionDetails> AdoptAsync(AsyncServiceScope scope, Caller officer, string key, Dictionary<string, string>? units = null)
    {
        var created = await scope.Get<ProcedureAuthoring>().HandleCreateAsync(officer, new CreateProcedureRequest(Template, key, $"Quy trình thử {key}", units));
        Assert.True(created.Succeeded, created.Problem?.ToString());
        return created.Value;
    }

    /// <summary>A throw-away account of Sở Tư pháp that is both quality officer and leader (separation of duties).</summary>
    public static async Task<string> CreateOfficerLeaderAsync(IServiceProvider services)
    {
        var userName = TestAccounts.NewUserName("author-leader");
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var agencyId = await db.Agencies.Where(a => a.Code == Demo.JusticeCode).Select(a => a.Id).SingleAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
        var created = await users.CreateAsync(new IsoUser { UserName = userName, FullName = "Người thử hai vai", AgencyId = agencyId, IsActive = true }, Demo.Password);
        Assert.True(created.Succeeded);
        var user = (await users.FindByNameAsync(userName))!;
        Assert.True((await users.AddToRolesAsync(user, [IsoRoles.QualityOfficer, IsoRoles.Leader])).Succeeded);
        return userName;
    }

    private static Task<Result<ProcedureVersionDetails>> HandleCreateAsync(this ProcedureAuthoring authoring, Caller caller, CreateProcedureRequest request) =>
        authoring.CreateAsync(caller, request, TestContext.Current.CancellationToken);
}
