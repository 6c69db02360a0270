using Iso.Data;
using Iso.Web.Accounts;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Organisation;

/// <summary>Administrators switch accounts on or off and unlock them (system administrators any account, agency
/// administrators those of their agency, see <see cref="AccountAuthority"/>). A deactivated person cannot sign in or
/// refresh a token, and open sessions end at once (new security stamp). Each call uses its own short-lived context,
/// attributed to the caller in the history.</summary>
public sealed class AccountAdministration(
    IDbContextFactory<IsoDbContext> contexts,
    ILookupNormalizer normalizer,
    IAuthorizationService authorization,
    SignInThrottle throttle,
    AccountStates accountStates)
{
    public async Task<Result> SetActiveAsync(Caller admin, string? userName, bool active, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(admin, userName, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem;
        }

        var (db, user) = found.Value;
        await using (db)
        {
            if (user.Id == admin.UserId)
            {
                return Problem.Conflict("Accounts_OwnAccount");
            }

            user.IsActive = active;
            // A new stamp invalidates refresh tokens and open cookie sessions of the account (as UserManager.UpdateSecurityStampAsync).
            user.SecurityStamp = AccountRules.NewStamp();
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            await db.SaveChangesAsync(cancellationToken);
            accountStates.Evict(user.Id); // the next request of the account, on this node, sees the change at once
            return Result.Success;
        }
    }

    /// <summary>Lets the person try to sign in again at once: clears the lockout, the failed-attempt count and the
    /// account's sign-in throttle on this node (ADR 0007).</summary>
    public async Task<Result> UnlockAsync(Caller admin, string? userName, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(admin, userName, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem;
        }

        var (db, user) = found.Value;
        await using (db)
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            await db.SaveChangesAsync(cancellationToken);
            accountStates.Evict(user.Id);
            throttle.Reset(user.UserName!);
            return Result.Success;
        }
    }

    /// <summary>The account in reach and manageable by the caller, with the context it was read from (the caller disposes it).</summary>
    private async Task<Result<(IsoDbContext Db, Data.Identity.IsoUser User)>> FindAsync(Caller admin, string? userName, CancellationToken cancellationToken)
    {
        var authority = await AccountAuthority.OfAsync(authorization, admin);
        if (authority.Problem is { } refused)
        {
            return refused;
        }

        if (new Validation().Required("userName", userName, TextLimits.UserName).Problem is { } invalid)
        {
            return invalid;
        }

        var db = await authority.Value.CreateContextAsync(contexts, cancellationToken);
        var user = await AccountRules.FindAsync(db, normalizer, userName!, cancellationToken);
        Problem? problem = user is null || !authority.Value.Reaches(user.AgencyId) ? Problem.NotFound("Accounts_NotFound", userName!.Trim())
            : !authority.Value.MayManage(await AccountRules.RolesOfAsync(db, user.Id, cancellationToken)) ? Problem.Forbidden("Accounts_SystemAccount", user.UserName)
            : null;
        if (problem is not null)
        {
            await db.DisposeAsync();
            return problem;
        }

        return (db, user!);
    }
}
