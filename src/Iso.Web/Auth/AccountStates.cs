using System.Security.Claims;
using Iso.Data;
using Iso.Data.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Iso.Web.Auth;

/// <summary>Is a signed-in principal still good: its account exists, is active, is not locked, and has the security
/// stamp the principal was issued with. Checked on every authenticated request (bearer and cookie alike) and by open
/// Blazor circuits; each account's state is cached for a few seconds and evicted on this node when it changes.</summary>
public sealed class AccountStates(
    IMemoryCache cache, IOptions<IsoSignInOptions> signInOptions, IOptions<IdentityOptions> identityOptions, TimeProvider clock)
{
    private sealed record State(bool IsActive, DateTimeOffset? LockoutEnd, string? SecurityStamp, bool MustChangePassword, bool TwoFactorEnabled);

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken = default) =>
        (await CheckAsync(principal, services, cancellationToken)).IsCurrent;

    /// <summary>Whether the principal is still good and, if so, what the person must do before anything else
    /// (change a one-time password, enrol an authenticator when their role requires it; ADR 0012).</summary>
    public async Task<AccountCheck> CheckAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(services);
        if (principal.GetUserId() is not { } userId)
        {
            return AccountCheck.Stale;
        }

        var state = await cache.GetOrCreateAsync(Key(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = signInOptions.Value.AccountStateCacheDuration;
            var db = services.GetRequiredService<IsoDbContext>();
            return await db.Users.AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new State(u.IsActive, u.LockoutEnd, u.SecurityStamp, u.MustChangePassword, u.TwoFactorEnabled))
                .SingleOrDefaultAsync(cancellationToken);
        });

        var current = state is { IsActive: true }
            && !(state.LockoutEnd > clock.GetUtcNow())
            && principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType) == state.SecurityStamp;
        if (!current)
        {
            return AccountCheck.Stale;
        }

        return state!.MustChangePassword ? new AccountCheck(true, AccountSetupStep.ChangePassword)
            : !state.TwoFactorEnabled && RequiresTwoFactor(principal) ? new AccountCheck(true, AccountSetupStep.EnrolTwoFactor)
            : new AccountCheck(true, AccountSetupStep.None);
    }

    /// <summary>Whether one of the principal's roles is in <see cref="IsoSignInOptions.RequireTwoFactorForRoles"/>.</summary>
    public bool RequiresTwoFactor(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return signInOptions.Value.RequireTwoFactorForRoles.Any(principal.IsInRole);
    }

    /// <summary>Forgets the cached state (called whenever this node changes the account).</summary>
    public void Evict(Guid userId) => cache.Remove(Key(userId));

    private static (string, Guid) Key(Guid userId) => ("iso:account-state", userId);
}

/// <summary>Identity's user manager, plus: every change of an account evicts its cached state, so that deactivation,
/// a new security stamp or a lockout takes effect on this node at the next request.</summary>
/// <summary>What a signed-in person must do before anything else.</summary>
public enum AccountSetupStep
{
    None,

    /// <summary>The password is a one-time password (new account, reset): choose one's own first.</summary>
    ChangePassword,

    /// <summary>The person's role requires two-factor sign-in and no authenticator is enrolled yet.</summary>
    EnrolTwoFactor,
}

/// <summary>The outcome of <see cref="AccountStates.CheckAsync"/>.</summary>
public sealed record AccountCheck(bool IsCurrent, AccountSetupStep PendingStep)
{
    public static AccountCheck Stale { get; } = new(false, AccountSetupStep.None);
}

internal sealed class IsoUserManager(
    IUserStore<IsoUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<IsoUser> passwordHasher,
    IEnumerable<IUserValidator<IsoUser>> userValidators,
    IEnumerable<IPasswordValidator<IsoUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<IsoUser>> logger,
    AccountStates accountStates)
    : UserManager<IsoUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    protected override async Task<IdentityResult> UpdateUserAsync(IsoUser user)
    {
        var result = await base.UpdateUserAsync(user);
        accountStates.Evict(user.Id);
        return result;
    }
}

internal static class AccountStateCheck
{
    /// <summary>After authentication: a principal whose account is no longer good becomes anonymous (and its cookie
    /// is removed), so authorisation answers 401 or redirects to the login page. A good one that must first change its
    /// one-time password or enrol an authenticator reaches only the pages for that (and what is anonymous anyway):
    /// pages redirect there, the API answers 403 (<see cref="AccountSetupGate"/>).</summary>
    public static IApplicationBuilder UseIsoAccountStateCheck(this IApplicationBuilder app)
    {
        var states = app.ApplicationServices.GetRequiredService<AccountStates>();
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                var check = await states.CheckAsync(context.User, context.RequestServices, context.RequestAborted);
                if (!check.IsCurrent)
                {
                    var bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
                    context.User = new ClaimsPrincipal(new ClaimsIdentity());
                    if (!bearer)
                    {
                        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                    }
                }
                else if (check.PendingStep != AccountSetupStep.None && !AccountSetupGate.MayPass(context))
                {
                    await AccountSetupGate.RefuseAsync(context, check.PendingStep);
                    return;
                }
            }

            await next(context);
        });
        return app;
    }
}
