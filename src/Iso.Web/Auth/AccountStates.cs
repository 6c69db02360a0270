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
    private sealed record State(bool IsActive, DateTimeOffset? LockoutEnd, string? SecurityStamp);

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(services);
        if (principal.GetUserId() is not { } userId)
        {
            return false;
        }

        var state = await cache.GetOrCreateAsync(Key(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = signInOptions.Value.AccountStateCacheDuration;
            var db = services.GetRequiredService<IsoDbContext>();
            return await db.Users.AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new State(u.IsActive, u.LockoutEnd, u.SecurityStamp))
                .SingleOrDefaultAsync(cancellationToken);
        });

        return state is { IsActive: true }
            && !(state.LockoutEnd > clock.GetUtcNow())
            && principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType) == state.SecurityStamp;
    }

    /// <summary>Forgets the cached state (called whenever this node changes the account).</summary>
    public void Evict(Guid userId) => cache.Remove(Key(userId));

    private static (string, Guid) Key(Guid userId) => ("iso:account-state", userId);
}

/// <summary>Identity's user manager, plus: every change of an account evicts its cached state, so that deactivation,
/// a new security stamp or a lockout takes effect on this node at the next request.</summary>
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
    /// is removed), so authorisation answers 401 or redirects to the login page.</summary>
    public static IApplicationBuilder UseIsoAccountStateCheck(this IApplicationBuilder app)
    {
        var states = app.ApplicationServices.GetRequiredService<AccountStates>();
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true
                && !await states.IsCurrentAsync(context.User, context.RequestServices, context.RequestAborted))
            {
                var bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
                if (!bearer)
                {
                    await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
            }

            await next(context);
        });
        return app;
    }
}
