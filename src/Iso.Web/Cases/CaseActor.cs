using System.Security.Claims;
using Iso.Data;
using Iso.Web.Auth;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>The signed-in caller as the engine sees them: user, roles and unit codes, in their own agency.</summary>
internal sealed record CaseActor(Guid AgencyId, WorkflowActor Actor)
{
    /// <summary>Null when the principal lacks the user or agency claims (an account the product did not sign in).</summary>
    public static async Task<CaseActor?> FromAsync(ClaimsPrincipal user, IsoDbContext db, CancellationToken cancellationToken)
    {
        if (user.GetUserId() is not { } userId || user.GetAgencyId() is not { } agencyId)
        {
            return null;
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray();
        // Definitions name units by code; the claim carries the unit's id, which stays stable when a unit is renamed.
        string[] unitCodes = [];
        if (Guid.TryParse(user.FindFirstValue(IsoClaims.UnitId), out var unitId))
        {
            unitCodes = await db.Units.AsNoTracking()
                .Where(u => u.Id == unitId && u.AgencyId == agencyId)
                .Select(u => u.Code)
                .ToArrayAsync(cancellationToken);
        }

        return new CaseActor(agencyId, new WorkflowActor(userId, roles, unitCodes));
    }
}
