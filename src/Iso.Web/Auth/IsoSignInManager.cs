using Iso.Data.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using System.Security.Claims;

namespace Iso.Web.Auth;

/// <summary>Identity's sign-in manager, plus: a deactivated person can neither sign in nor refresh a token,
/// and an existing session ends at the next security-stamp check.</summary>
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
    public override async Task<bool> CanSignInAsync(IsoUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsActive && await base.CanSignInAsync(user);
    }

    public override async Task<IsoUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }
}
