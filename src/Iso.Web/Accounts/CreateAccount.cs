using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Application;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Accounts;

/// <summary>Creates an account with a one-time password, returned once; the person must change it at the first sign-in.
/// An agency administrator creates accounts in their own agency only (the agency code may be left out) and grants
/// neither Administrator nor Auditor. A duplicate user name, an unknown unit or a unit of another agency: nothing stored.</summary>
public sealed class CreateAccount(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    ILookupNormalizer normalizer,
    IPasswordHasher<IsoUser> hasher,
    IOptions<IdentityOptions> identityOptions,
    TimeProvider clock)
{
    public async Task<Result<OneTimePassword>> HandleAsync(Caller caller, AccountInput request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authority = await AccountAuthority.OfAsync(authorization, caller);
        if (authority.Problem is { } refused)
        {
            return refused;
        }

        await using var db = await authority.Value.CreateContextAsync(contexts, cancellationToken);
        var directory = await AccountDirectory.LoadAsync(db, AccountRules.Today(clock), cancellationToken);
        var validation = new Validation();
        var resolved = AccountRules.Check(validation, string.Empty, request, authority.Value, directory, identityOptions.Value, checkUserName: true);
        if (resolved is not null && await AccountRules.FindAsync(db, normalizer, request.UserName!, cancellationToken) is not null)
        {
            validation.Add("userName", "Accounts_UserNameTaken", request.UserName!.Trim());
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var account = resolved!.Value;

        var user = AccountRules.NewUser(request, account.Agency, account.Unit, normalizer, hasher, out var password);
        db.Users.Add(user);
        foreach (var role in account.Roles)
        {
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = directory.RoleIds[role] });
        }

        await db.SaveChangesAsync(cancellationToken);
        return new OneTimePassword(user.UserName!, user.FullName, password);
    }
}
