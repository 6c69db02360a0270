using Iso.Web.Application;
using System.Security.Claims;
using Iso.Data.Identity;
using Iso.Web.Organisation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Iso.Web.Auth;

internal static class AccountEndpoints
{
    /// <summary><c>POST /account/logout</c> (form with antiforgery token): ends the cookie session.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The token is checked here rather than by form binding, which fails an invalid token with an exception (a 500 in Production).
        endpoints.MapPost("/account/logout", LogoutAsync)
            .WithMetadata(new RequireAntiforgeryTokenAttribute(), new AccountSetupAttribute())
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary><c>POST /api/v1/admin/accounts/{userName}/unlock</c>: administrators clear a lockout and the sign-in throttle.</summary>
    public static RouteGroupBuilder MapAccountUnlockEndpoint(this RouteGroupBuilder api)
    {
        api.MapPost("/admin/accounts/{userName}/unlock", UnlockAsync)
            .WithTags("Administration")
            .WithSummary("Unlock an account: clears its lockout, its failed-attempt count and its sign-in throttle (administrators only).");
        return api;
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> LogoutAsync(HttpContext context, SignInManager<IsoUser> signInManager)
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return TypedResults.Problem(
                "The logout form's antiforgery token is missing or invalid; reload the page and sign out again.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Logout refused.");
        }

        var returnUrl = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(context.RequestAborted))["returnUrl"].ToString() : null;
        await signInManager.SignOutAsync();
        return TypedResults.LocalRedirect(LocalUrl.IsLocal(returnUrl) ? $"/login?returnUrl={Uri.EscapeDataString(returnUrl!)}" : "/login");
    }

    private static async Task<IResult> UnlockAsync(string userName, Caller caller, AccountAdministration administration, CancellationToken cancellationToken) =>
        (await administration.UnlockAsync(caller, userName, cancellationToken)).ToHttpResult();
}
