using System.Globalization;
using System.Security.Cryptography;
using Iso.Data;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Organisation;

public sealed record AccountRow(
    string UserName, string FullName, string AgencyName, IReadOnlyList<string> Roles, bool IsActive, bool IsLockedOut);

/// <summary>Administrators list every account and switch accounts on or off. A deactivated person cannot
/// sign in or refresh a token, and open sessions end at the next security-stamp check.
/// Each call uses its own short-lived context: the accounts page keeps none for its circuit.</summary>
public sealed class AccountAdministration(
    IDbContextFactory<IsoDbContext> contexts,
    ILookupNormalizer normalizer,
    IAuthorizationService authorization,
    TimeProvider clock,
    SignInThrottle throttle,
    AccountStates accountStates)
{
    private static readonly StringComparer VietnameseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    public async Task<Result<IReadOnlyList<AccountRow>>> ListAsync(Caller admin, CancellationToken cancellationToken = default)
    {
        if (!await authorization.AllowsAsync(admin, IsoPolicies.ManageOrganisation))
        {
            return Problem.Forbidden("Accounts_NotAllowed");
        }

        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.UserName, u.FullName, AgencyName = u.Agency!.Name, u.IsActive, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
                .ToListAsync(cancellationToken))
            .ToLookup(p => p.UserId, p => p.Name!);
        return Result.Ok<IReadOnlyList<AccountRow>>(
        [
            .. users
                .OrderBy(u => u.AgencyName, VietnameseOrder).ThenBy(u => u.FullName, VietnameseOrder)
                .Select(u => new AccountRow(
                    u.UserName ?? string.Empty, u.FullName, u.AgencyName, [.. roles[u.Id].Order(StringComparer.Ordinal)],
                    u.IsActive, u.LockoutEnd > now)),
        ]);
    }

    public async Task<Result> SetActiveAsync(Caller admin, string? userName, bool active, CancellationToken cancellationToken = default)
    {
        if (!await authorization.AllowsAsync(admin, IsoPolicies.ManageOrganisation))
        {
            return Problem.Forbidden("Accounts_NotAllowed");
        }

        if (new Validation().Required("userName", userName, TextLimits.UserName).Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var normalized = normalizer.NormalizeName(userName!.Trim());
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null)
        {
            return Problem.NotFound("Accounts_NotFound", userName!.Trim());
        }

        if (user.Id == admin.UserId)
        {
            return Problem.Conflict("Accounts_OwnAccount");
        }

        user.IsActive = active;
        // A new stamp invalidates refresh tokens and open cookie sessions of the account (as UserManager.UpdateSecurityStampAsync).
        user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(cancellationToken);
        accountStates.Evict(user.Id); // the next request of the account, on this node, sees the change at once
        return Result.Success;
    }

    /// <summary>Lets the person try to sign in again at once: clears the lockout, the failed-attempt count and the
    /// account's sign-in throttle on this node (ADR 0007).</summary>
    public async Task<Result> UnlockAsync(Caller admin, string? userName, CancellationToken cancellationToken = default)
    {
        if (!await authorization.AllowsAsync(admin, IsoPolicies.ManageOrganisation))
        {
            return Problem.Forbidden("Accounts_NotAllowed");
        }

        if (new Validation().Required("userName", userName, TextLimits.UserName).Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var normalized = normalizer.NormalizeName(userName!.Trim());
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null)
        {
            return Problem.NotFound("Accounts_NotFound", userName!.Trim());
        }

        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(cancellationToken);
        accountStates.Evict(user.Id);
        throttle.Reset(userName);
        return Result.Success;
    }
}
