using System.Security.Claims;
using Iso.Data;
using Iso.Web.Auth;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Iso.Web.Application;

/// <summary>Who asks a use case: the signed-in person, their agency, roles and unit codes, and whether they read across
/// agencies. Built once per request (or page operation) by <see cref="CallerFactory"/>; use cases take it as their first argument.</summary>
public sealed class Caller
{
    internal Caller(
        ClaimsPrincipal principal,
        Guid userId,
        Guid agencyId,
        string userName,
        IReadOnlyList<string> roles,
        IReadOnlyList<string> unitCodes,
        bool mayReadAcrossAgencies)
    {
        Principal = principal;
        UserId = userId;
        AgencyId = agencyId;
        UserName = userName;
        Roles = roles;
        UnitCodes = unitCodes;
        MayReadAcrossAgencies = mayReadAcrossAgencies;
    }

    /// <summary>Nobody: no account, no agency, no roles. Every check refuses it and every agency-scoped read finds nothing.</summary>
    public static Caller Nobody { get; } = new(new ClaimsPrincipal(new ClaimsIdentity()), Guid.Empty, Guid.Empty, string.Empty, [], [], false);

    /// <summary>The principal the caller was built from, for the named policies (<see cref="IsoPolicies"/>).</summary>
    public ClaimsPrincipal Principal { get; }

    public Guid UserId { get; }

    public Guid AgencyId { get; }

    public string UserName { get; }

    public IReadOnlyList<string> Roles { get; }

    /// <summary>The codes of the caller's unit (definitions name units by code); empty when the person belongs to no unit.</summary>
    public IReadOnlyList<string> UnitCodes { get; }

    /// <summary>Auditors and administrators read every agency; reading never lets them act in another agency.</summary>
    public bool MayReadAcrossAgencies { get; }

    public bool IsSignedIn => UserId != Guid.Empty;

    /// <summary>Reads in the agency: one's own agency, or any for cross-agency readers.</summary>
    public bool MayRead(Guid agencyId) => IsSignedIn && (agencyId == AgencyId || MayReadAcrossAgencies);

    /// <summary>Acts in the agency (start, claim, complete): one's own agency only, whatever one may read.</summary>
    public bool MayActIn(Guid agencyId) => IsSignedIn && agencyId == AgencyId;

    public WorkflowActor ToWorkflowActor() => new(UserId, Roles, UnitCodes);

    /// <summary>Lets a minimal-API endpoint take a <see cref="Caller"/> parameter; never null (<see cref="Nobody"/> at worst).</summary>
    public static async ValueTask<Caller?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var factory = context.RequestServices.GetRequiredService<CallerFactory>();
        return await factory.CreateAsync(context.User, context.RequestAborted);
    }
}

/// <summary>Builds the <see cref="Caller"/> from the principal: claims, the real policies, and the unit's code
/// (the claim carries the unit's id, which stays stable when a unit is renamed) from a short-lived context.</summary>
public sealed class CallerFactory(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, IMemoryCache cache)
{
    /// <summary>How long a unit's code is remembered: every API request builds a caller, and a unit's code never changes
    /// (renaming changes its name; a merge moves people to another unit, hence another id), so it need not cost a query
    /// each time. The expiry only keeps the cache from holding units that no longer exist.</summary>
    public static readonly TimeSpan UnitCodeCacheDuration = TimeSpan.FromMinutes(10);

    public async Task<Caller> CreateAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true || user.GetUserId() is not { } userId || user.GetAgencyId() is not { } agencyId)
        {
            return Caller.Nobody;
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray();
        string[] unitCodes = [];
        if (Guid.TryParse(user.FindFirstValue(IsoClaims.UnitId), out var unitId))
        {
            var key = (nameof(CallerFactory), unitId, agencyId);
            if (!cache.TryGetValue(key, out string[]? codes) || codes is null)
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                codes = await db.Units.AsNoTracking()
                    .Where(u => u.Id == unitId && u.AgencyId == agencyId)
                    .Select(u => u.Code)
                    .ToArrayAsync(cancellationToken);
                cache.Set(key, codes, UnitCodeCacheDuration);
            }

            unitCodes = codes;
        }

        var readsAcross = (await authorization.AuthorizeAsync(user, IsoPolicies.ReadAcrossAgencies)).Succeeded;
        return new Caller(user, userId, agencyId, user.Identity.Name ?? string.Empty, roles, unitCodes, readsAcross);
    }
}

public static class CallerAuthorization
{
    /// <summary>Whether the named policy (<see cref="IsoPolicies"/>) admits the caller; the same policies guard pages and endpoints.</summary>
    public static async Task<bool> AllowsAsync(this IAuthorizationService authorization, Caller caller, string policy)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsSignedIn && (await authorization.AuthorizeAsync(caller.Principal, policy)).Succeeded;
    }
}
