using Iso.Data.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using System.Security.Claims;

namespace Iso.Web.Auth;

/// <summary>Identity's sign-in manager, plus: a deactivated or locked person can neither sign in nor refresh a token;
/// every password attempt costs one hash verification, whether the account exists, is deactivated or is locked,
/// so that the answer's timing does not tell which (ADR 0007); bearer sign-ins carry a token id for rotation.</summary>
internal sealed class IsoSignInManager(
    UserManager<IsoUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<IsoUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<IsoUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<IsoUser> confirmation)
    : SignInManager<IsoUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static string? s_decoyHash;

    public override async Task<bool> CanSignInAsync(IsoUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsActive && await base.CanSignInAsync(user);
    }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            VerifyDecoy(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(IsoUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        // Identity answers "not allowed" and "locked out" (and a missing hash) without hashing the password.
        if (user.PasswordHash is null)
        {
            VerifyDecoy(password);
        }
        else if (!await CanSignInAsync(user) || await IsLockedOut(user))
        {
            UserManager.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash, password);
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    public override async Task<IsoUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } && !await UserManager.IsLockedOutAsync(user) ? user : null;
    }

    public override Task SignInWithClaimsAsync(IsoUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims) =>
        base.SignInWithClaimsAsync(
            user,
            authenticationProperties,
            AuthenticationScheme == IdentityConstants.BearerScheme ? [.. additionalClaims, RefreshTokenRotation.NewTokenIdClaim()] : additionalClaims);

    /// <summary>A bearer sign-in of an account whose password is a one-time password gets no token: the client must set
    /// a new password first (<c>POST /api/v1/auth/change-password</c>). The cookie sign-in goes ahead and the account
    /// setup gate sends the person to the change-password page.</summary>
    protected override Task<SignInResult> SignInOrTwoFactorAsync(IsoUser user, bool isPersistent, string? loginProvider = null, bool bypassTwoFactor = false)
    {
        ArgumentNullException.ThrowIfNull(user);
        return AuthenticationScheme == IdentityConstants.BearerScheme && user.MustChangePassword
            ? Task.FromResult<SignInResult>(PasswordChangeRequiredResult.Instance)
            : base.SignInOrTwoFactorAsync(user, isPersistent, loginProvider, bypassTwoFactor);
    }

    internal void VerifyDecoy(string password)
    {
        var decoy = new IsoUser { FullName = string.Empty };
        var hash = s_decoyHash ??= UserManager.PasswordHasher.HashPassword(decoy, Guid.NewGuid().ToString("N"));
        UserManager.PasswordHasher.VerifyHashedPassword(decoy, hash, password);
    }
}

/// <summary>The password was right, but it is a one-time password that must be changed before a token is issued.</summary>
internal sealed class PasswordChangeRequiredResult : SignInResult
{
    private PasswordChangeRequiredResult() => IsNotAllowed = true;

    public static PasswordChangeRequiredResult Instance { get; } = new();
}
