using Iso.Data.Identity;
using Iso.Web.Application;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.TestSupport;

/// <summary>Use-case tests run the real services of the real app (one DI scope per test) as a demo person,
/// with the claims the real sign-in gives them.</summary>
internal static class UseCases
{
    public static async Task<Caller> CallerAsync(this IServiceProvider services, string userName)
    {
        var user = await services.GetRequiredService<UserManager<IsoUser>>().FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"No demo account '{userName}'.");
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<IsoUser>>().CreateAsync(user);
        return await services.GetRequiredService<CallerFactory>().CreateAsync(principal, TestContext.Current.CancellationToken);
    }

    public static T Get<T>(this AsyncServiceScope scope)
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
}
