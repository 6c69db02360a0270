using System.Security.Claims;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Auth;

/// <summary>Throw-away accounts for the sign-in tests, so that no test changes a demo account others rely on.</summary>
internal static class TestAccounts
{
    public static string NewUserName(string purpose) => $"test.{purpose}.{Guid.NewGuid():N}"[..40];

    public static async Task<string> CreateAsync(IServiceProvider services, string purpose, bool active = true)
    {
        var userName = NewUserName(purpose);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var agencyId = await db.Agencies.Where(a => a.Code == Demo.JusticeCode).Select(a => a.Id).SingleAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
        var created = await users.CreateAsync(new IsoUser { UserName = userName, FullName = "Người thử", AgencyId = agencyId, IsActive = active }, Demo.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        if (active is false)
        {
            return userName;
        }

        var role = await users.AddToRoleAsync((await users.FindByNameAsync(userName))!, IsoRoles.Staff);
        Assert.True(role.Succeeded, string.Join("; ", role.Errors.Select(e => e.Description)));
        return userName;
    }

    /// <summary>Changes the account through Identity's user manager, as the product does.</summary>
    public static async Task ChangeAsync(IServiceProvider services, string userName, Func<UserManager<IsoUser>, IsoUser, Task<IdentityResult>> change)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
        var user = await users.FindByNameAsync(userName);
        Assert.NotNull(user);
        var result = await change(users, user);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    public static Task LockAsync(IServiceProvider services, string userName) =>
        ChangeAsync(services, userName, (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddYears(1)));

    public static async Task<DateTimeOffset?> LockoutEndAsync(IServiceProvider services, string userName)
    {
        await using var scope = services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>().FindByNameAsync(userName);
        return user!.LockoutEnd;
    }
}
