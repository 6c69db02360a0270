using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Accounts;

/// <summary>Gives an account a new one-time password (returned once), which must be changed at the next sign-in; clears
/// a lockout and ends the account's open sessions (new security stamp). One's own password is changed, not reset.</summary>
public sealed class ResetAccountPassword(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    ILookupNormalizer normalizer,
    IPasswordHasher<IsoUser> hasher,
    AccountStates accountStates,
    SignInThrottle throttle)
{
    public async Task<Result<OneTimePassword>> HandleAsync(Caller caller, string? userName, CancellationToken cancellationToken = default)
    {
        var authority = await AccountAuthority.OfAsync(authorization, caller);
        if (authority.Problem is { } refused)
        {
            return refused;
        }

        if (new Validation().Required("userName", userName, TextLimits.UserName).Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await authority.Value.CreateContextAsync(contexts, cancellationToken);
        var user = await AccountRules.FindAsync(db, normalizer, userName!, cancellationToken);
        if (user is null || !authority.Value.Reaches(user.AgencyId))
        {
            return Problem.NotFound("Accounts_NotFound", userName!.Trim());
        }

        if (!authority.Value.MayManage(await AccountRules.RolesOfAsync(db, user.Id, cancellationToken)))
        {
            return Problem.Forbidden("Accounts_SystemAccount", user.UserName);
        }

        if (user.Id == caller.UserId)
        {
            return Problem.Conflict("Accounts_OwnPassword");
        }

        var password = AccountProvisioning.GeneratePassword();
        user.PasswordHash = hasher.HashPassword(user, password);
        user.MustChangePassword = true;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        user.SecurityStamp = AccountRules.NewStamp();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(cancellationToken);
        accountStates.Evict(user.Id);
        throttle.Reset(user.UserName!);
        return new OneTimePassword(user.UserName!, user.FullName, password);
    }
}
