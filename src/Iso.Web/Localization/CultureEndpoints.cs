using Iso.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;

namespace Iso.Web.Localization;

internal static class CultureEndpoints
{
    /// <summary><c>GET /culture/set?culture=en&amp;redirectUri=/</c>: remembers the language in a cookie and goes back (local URLs only).</summary>
    public static IEndpointRouteBuilder MapCultureEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture/set", SetCulture).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static Results<RedirectHttpResult, ProblemHttpResult> SetCulture(string? culture, string? redirectUri, HttpContext context)
    {
        if (IsoCultures.Resolve(culture) is not { } resolved)
        {
            return TypedResults.Problem(
                $"Unsupported culture '{culture}'. Use one of: vi, en.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request.");
        }

        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(resolved)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        return TypedResults.LocalRedirect(LocalUrl.OrRoot(redirectUri));
    }
}
