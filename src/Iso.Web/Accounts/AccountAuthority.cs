using Iso.Data;
using Iso.Data.History;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Accounts;

/// <summary>What a caller may do with accounts: a system administrator (<see cref="IsoRoles.Administrator"/>) manages
/// every agency's accounts and grants every role; an agency administrator (<see cref="IsoRoles.AgencyAdministrator"/>)
/// manages the accounts of their own agency, never grants <see cref="IsoRoles.Administrator"/> or
/// <see cref="IsoRoles.Auditor"/>, and never touches an account that holds one of them.</summary>
public sealed class AccountAuthority
{
    /// <summary>Roles only a system administrator grants, and whose holders only a system administrator manages.</summary>
    public static IReadOnlyList<string> SystemRoles { get; } = [IsoRoles.Administrator, IsoRoles.Auditor];

    private AccountAuthority(Caller caller, bool isSystemAdministrator)
    {
        Caller = caller;
        IsSystemAdministrator = isSystemAdministrator;
    }

    public Caller Caller { get; }

    public bool IsSystemAdministrator { get; }

    /// <summary>The roles this caller may grant, in the order the UI lists them.</summary>
    public IReadOnlyList<string> GrantableRoles => IsSystemAdministrator ? IsoRoles.All : [.. IsoRoles.All.Except(SystemRoles)];

    /// <summary>The caller's authority, or Forbidden when they manage no accounts (policy <see cref="IsoPolicies.ManageAccounts"/>).</summary>
    public static async Task<Result<AccountAuthority>> OfAsync(IAuthorizationService authorization, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(caller);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.ManageAccounts))
        {
            return Problem.Forbidden("Accounts_NotAllowed");
        }

        return new AccountAuthority(caller, caller.Roles.Contains(IsoRoles.Administrator, StringComparer.Ordinal));
    }

    /// <summary>Accounts of this agency are in reach (others are NotFound: user names of other agencies reveal nothing).</summary>
    public bool Reaches(Guid agencyId) => IsSystemAdministrator || Caller.MayActIn(agencyId);

    /// <summary>May change this account: in reach, and, for an agency administrator, holding no system role.</summary>
    public bool MayManage(IEnumerable<string> roles) => IsSystemAdministrator || !roles.Intersect(SystemRoles, StringComparer.Ordinal).Any();

    public bool MayGrant(string role) => GrantableRoles.Contains(role, StringComparer.Ordinal);

    /// <summary>A short-lived context whose history names the caller, whoever the scope's ambient actor is.</summary>
    public async Task<IsoDbContext> CreateContextAsync(IDbContextFactory<IsoDbContext> contexts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        return (await contexts.CreateDbContextAsync(cancellationToken)).ActingAs(new CallerActor(Caller));
    }
}

/// <summary>The history's actor for changes a use case makes on behalf of its caller.</summary>
public sealed class CallerActor(Caller caller) : ICurrentActor
{
    public Guid? UserId => caller.IsSignedIn ? caller.UserId : null;

    public string UserName => caller.IsSignedIn ? caller.UserName : "anonymous";

    public Guid? AgencyId => caller.IsSignedIn ? caller.AgencyId : null;
}
