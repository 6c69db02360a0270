using System.Globalization;
using System.Security.Claims;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Organisation;

public sealed record AccountRow(
    string UserName, string FullName, string AgencyName, IReadOnlyList<string> Roles, bool IsActive, bool IsLockedOut);

public enum AccountChange
{
    Done,
    NotAllowed,
    NotFound,
    OwnAccount,
}

/// <summary>Administrators list every account and switch accounts on or off. A deactivated person cannot
/// sign in or refresh a token, and open sessions end at the next security-stamp check.</summary>
public sealed class AccountAdministration(
    IsoDbContext db, UserManager<IsoUser> userManager, IAuthorizationService authorization, TimeProvider clock, SignInThrottle throttle)
{
    private static readonly StringComparer VietnameseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    public async Task<IReadOnlyList<AccountRow>?> ListAsync(ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        if (!await MayManageAsync(admin))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.UserName, u.FullName, AgencyName = u.Agency!.Name, u.IsActive, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
                .ToListAsync(cancellationToken))
            .ToLookup(p => p.UserId, p => p.Name!);
        return
        [
            .. users
                .OrderBy(u => u.AgencyName, VietnameseOrder).ThenBy(u => u.FullName, VietnameseOrder)
                .Select(u => new AccountRow(
                    u.UserName ?? string.Empty, u.FullName, u.AgencyName, [.. roles[u.Id].Order(StringComparer.Ordinal)],
                    u.IsActive, u.LockoutEnd > now)),
        ];
    }

    public async Task<AccountChange> SetActiveAsync(ClaimsPrincipal admin, string userName, bool active)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (!await MayManageAsync(admin))
        {
            return AccountChange.NotAllowed;
        }

        var user = await userManager.FindByNameAsync(userName);
        if (user is null)
        {
            return AccountChange.NotFound;
        }

        if (user.Id == admin.GetUserId())
        {
            return AccountChange.OwnAccount;
        }

        user.IsActive = active;
        await userManager.UpdateAsync(user);
        // A new stamp invalidates refresh tokens and open cookie sessions of the account.
        await userManager.UpdateSecurityStampAsync(user);
        return AccountChange.Done;
    }

    /// <summary>Lets the person try to sign in again at once: clears the lockout, the failed-attempt count and the
    /// account's sign-in throttle on this node (ADR 0007).</summary>
    public async Task<AccountChange> UnlockAsync(ClaimsPrincipal admin, string userName)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (!await MayManageAsync(admin))
        {
            return AccountChange.NotAllowed;
        }

        var user = await userManager.FindByNameAsync(userName);
        if (user is null)
        {
            return AccountChange.NotFound;
        }

        await userManager.SetLockoutEndDateAsync(user, null);
        await userManager.ResetAccessFailedCountAsync(user);
        throttle.Reset(userName);
        return AccountChange.Done;
    }

    private async Task<bool> MayManageAsync(ClaimsPrincipal admin) =>
        (await authorization.AuthorizeAsync(admin, IsoPolicies.ManageOrganisation)).Succeeded;
}
