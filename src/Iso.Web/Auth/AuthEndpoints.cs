using Iso.Data.Identity;
using Iso.Web.Accounts;
using Iso.Web.Application;
using Iso.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Iso.Web.Auth;

/// <summary>A token login; with two-factor sign-in on, the authenticator's 6-digit code (or a recovery code) too.</summary>
public sealed record LoginRequest(string? UserName, string? Password, string? TwoFactorCode = null, string? TwoFactorRecoveryCode = null);

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>Token login for API clients, built like Identity's MapIdentityApi but without /register:
/// accounts are created by administrators only.</summary>
internal static class AuthEndpoints
{
    /// <summary>One answer for an unknown user, a wrong password, a deactivated and a locked account (ADR 0007).</summary>
    public const string LoginFailedDetail =
        "The user name or password is wrong, or the account may not sign in now; ask an administrator if this persists.";

    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth").AllowAnonymous().WithMetadata(new SignInAttemptAttribute());

        group.MapPost("/login", LoginAsync)
            .WithSummary("Sign in with user name and password; the response carries a bearer access token and a refresh token.")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/change-password", ChangePasswordAsync)
            .WithSummary("Set a new password with the user name and the current (e.g. one-time) password; with two-factor sign-in on, twoFactorCode too. Throttled like login.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/refresh", RefreshAsync)
            .WithSummary("Exchange a refresh token for a new access token and a new refresh token; each refresh token is good once.")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<IsoUser> signInManager, IStringLocalizer<SharedResource> localizer)
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

        // The bearer handler's sign-in writes the AccessTokenResponse body. No lockout on failure: the throttle
        // limits guessing, and a stranger's failures must not lock the real person out (ADR 0007).
        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signInManager.PasswordSignInAsync(request.UserName!.Trim(), request.Password!, isPersistent: false, lockoutOnFailure: false);
        if (result.RequiresTwoFactor)
        {
            // Identity keeps the account of this request's password check for the second factor (as MapIdentityApi does).
            if (!string.IsNullOrWhiteSpace(request.TwoFactorCode))
            {
                result = await signInManager.TwoFactorAuthenticatorSignInAsync(Code(request.TwoFactorCode), isPersistent: false, rememberClient: false);
            }
            else if (!string.IsNullOrWhiteSpace(request.TwoFactorRecoveryCode))
            {
                result = await signInManager.TwoFactorRecoveryCodeSignInAsync(request.TwoFactorRecoveryCode.Replace(" ", string.Empty, StringComparison.Ordinal));
            }
            else
            {
                return TypedResults.Problem(
                    localizer["Auth_TwoFactorCodeRequired"], statusCode: StatusCodes.Status401Unauthorized, title: localizer["Auth_TwoFactorTitle"],
                    extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
            }

            if (!result.Succeeded)
            {
                return TypedResults.Problem(
                    localizer["Auth_TwoFactorCodeWrong"], statusCode: StatusCodes.Status401Unauthorized, title: localizer["Auth_TwoFactorTitle"],
                    extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
            }
        }

        if (result is PasswordChangeRequiredResult)
        {
            return TypedResults.Problem(
                localizer["Auth_PasswordChangeRequired"], statusCode: StatusCodes.Status403Forbidden, title: localizer["Auth_PasswordChangeTitle"],
                extensions: new Dictionary<string, object?> { ["pendingStep"] = "changePassword" });
        }

        return result.Succeeded
            ? TypedResults.Empty
            : TypedResults.Problem(LoginFailedDetail, statusCode: StatusCodes.Status401Unauthorized, title: "Login failed.");
    }

    private static async Task<IResult> ChangePasswordAsync(ChangePasswordRequest request, ChangePassword changePassword, CancellationToken cancellationToken) =>
        (await changePassword.HandleAsync(request, cancellationToken)).ToHttpResult();

    private static string Code(string code) => code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request,
        SignInManager<IsoUser> signInManager,
        RefreshTokenRotation rotation,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);

        // Expired, forged, used before, stale (security stamp changed), deactivated or locked: no new token.
        if (ticket?.Properties.ExpiresUtc is not { } expiresUtc
            || timeProvider.GetUtcNow() >= expiresUtc
            || !await rotation.TryConsumeAsync(ticket.Principal, expiresUtc, cancellationToken)
            || await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return TypedResults.Problem(
                "The refresh token is missing, invalid, expired or already used, or the account changed since it was issued; log in again.",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Refresh failed.");
        }

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        principal.Identities.First().AddClaim(RefreshTokenRotation.NewTokenIdClaim());
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
