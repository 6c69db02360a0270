using Iso.Data.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Iso.Web.Auth;

public sealed record LoginRequest(string? UserName, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>Token login for API clients, built like Identity's MapIdentityApi but without /register:
/// accounts are created by administrators only.</summary>
internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth").AllowAnonymous();

        group.MapPost("/login", LoginAsync)
            .WithSummary("Sign in with user name and password; the response carries a bearer access token and a refresh token.")
            .Produces<AccessTokenResponse>();
        group.MapPost("/refresh", RefreshAsync)
            .WithSummary("Exchange a refresh token for a new access token.")
            .Produces<AccessTokenResponse>();
        return api;
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<IsoUser> signInManager)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors["userName"] = ["The user name is required."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["The password is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The login request is incomplete.");
        }

        // The bearer handler's sign-in writes the AccessTokenResponse body.
        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signInManager.PasswordSignInAsync(request.UserName!, request.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Empty;
        }

        var detail = result.IsLockedOut
            ? "The account is locked after too many failed attempts; try again later."
            : result.IsNotAllowed
                ? "The account is deactivated or not allowed to sign in."
                : "The user name or password is wrong.";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Login failed.");
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request,
        SignInManager<IsoUser> signInManager,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        TimeProvider timeProvider)
    {
        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);

        // Expired, forged, stale (security stamp changed) or deactivated: no new token.
        if (ticket?.Properties.ExpiresUtc is not { } expiresUtc
            || timeProvider.GetUtcNow() >= expiresUtc
            || await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return TypedResults.Problem(
                "The refresh token is missing, invalid or expired, or the account changed since it was issued; log in again.",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Refresh failed.");
        }

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
