using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Accounts;

/// <summary>The fields of an account an administrator changes; a blank agency code keeps the agency.</summary>
public sealed record AccountUpdate(string? FullName, string? Position, string? Email, string? AgencyCode, string? UnitCode, IReadOnlyList<string>? Roles);

/// <summary>Changes an account's full name, position, e-mail, unit and roles; only a system administrator moves it to
/// another agency. A change of roles, unit or agency ends the account's open sessions (its claims would be stale).</summary>
public sealed class UpdateAccount(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    ILookupNormalizer normalizer,
    IOptions<IdentityOptions> identityOptions,
    TimeProvider clock,
    AccountStates accountStates)
{
    public async Task<Result> HandleAsync(Caller caller, string? userName, AccountUpdate request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authority = await AccountAuthority.OfAsync(authorization, caller);
        if (authority.Problem is { } refused)
        {
            return refused;
        }

        if (new Validation().Required("userName", userName, TextLimits.UserName).Problem is { } invalidName)
        {
            return invalidName;
        }

        await using var db = await authority.Value.CreateContextAsync(contexts, cancellationToken);
        var user = await AccountRules.FindAsync(db, normalizer, userName!, cancellationToken);
        if (user is null || !authority.Value.Reaches(user.AgencyId))
        {
            return Problem.NotFound("Accounts_NotFound", userName!.Trim());
        }

        var currentRoles = await AccountRules.RolesOfAsync(db, user.Id, cancellationToken);
        if (!authority.Value.MayManage(currentRoles))
        {
            return Problem.Forbidden("Accounts_SystemAccount", user.UserName);
        }

        var directory = await AccountDirectory.LoadAsync(db, AccountRules.Today(clock), cancellationToken);
        var validation = new Validation();
        var input = new AccountInput(user.UserName, request.FullName, request.Position, request.Email, request.AgencyCode, request.UnitCode, request.Roles);
        var resolved = AccountRules.Check(validation, string.Empty, input, authority.Value, directory, identityOptions.Value, checkUserName: false, directory.Agency(user.AgencyId));
        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var (agency, unit, roles) = resolved!.Value;
        var rolesChanged = !roles.ToHashSet(StringComparer.Ordinal).SetEquals(currentRoles);
        if (user.Id == caller.UserId && (rolesChanged || agency.Id != user.AgencyId))
        {
            return Problem.Conflict("Accounts_OwnRoles");
        }

        var claimsChange = rolesChanged || agency.Id != user.AgencyId || unit?.Id != user.UnitId;
        user.FullName = request.FullName!.Trim();
        user.Position = Validation.IsBlank(request.Position) ? null : request.Position!.Trim();
        var email = Validation.IsBlank(request.Email) ? null : request.Email!.Trim();
        if (!string.Equals(email, user.Email, StringComparison.Ordinal))
        {
            user.Email = email;
            user.NormalizedEmail = email is null ? null : normalizer.NormalizeEmail(email);
        }

        user.AgencyId = agency.Id;
        user.UnitId = unit?.Id;
        foreach (var role in currentRoles.Except(roles, StringComparer.Ordinal))
        {
            var roleId = directory.RoleIds[role];
            db.UserRoles.Remove(await db.UserRoles.SingleAsync(ur => ur.UserId == user.Id && ur.RoleId == roleId, cancellationToken));
        }

        foreach (var role in roles.Except(currentRoles, StringComparer.Ordinal))
        {
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = directory.RoleIds[role] });
        }

        if (claimsChange)
        {
            user.SecurityStamp = AccountRules.NewStamp();
        }

        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(cancellationToken);
        accountStates.Evict(user.Id);
        return Result.Success;
    }
}
