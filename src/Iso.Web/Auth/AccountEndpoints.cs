using Iso.Data.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Iso.Web.Auth;

internal static class AccountEndpoints
{
    /// <summary><c>POST /account/logout</c> (form with antiforgery token): ends the cookie session.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", LogoutAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<RedirectHttpResult> LogoutAsync(SignInManager<IsoUser> signInManager, [FromForm] string? returnUrl)
    {
        await signInManager.SignOutAsync();
        return TypedResults.LocalRedirect(LocalUrl.IsLocal(returnUrl) ? $"/login?returnUrl={Uri.EscapeDataString(returnUrl!)}" : "/login");
    }
}
