using System.Security.Claims;
using Iso.Data;
using Iso.Data.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Auth;

/// <summary>Refresh tokens are good once: each bearer sign-in carries a fresh token id, and exchanging a refresh token
/// records its id until the token would have expired. The table's primary key makes the second use fail on every node.</summary>
internal sealed class RefreshTokenRotation(IsoDbContext db, TimeProvider clock)
{
    public static Claim NewTokenIdClaim() => new(IsoClaims.TokenId, Guid.NewGuid().ToString());

    /// <summary>Records the token as used; false if it carries no id or was used before.</summary>
    public async Task<bool> TryConsumeAsync(ClaimsPrincipal principal, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(principal.FindFirstValue(IsoClaims.TokenId), out var id))
        {
            return false;
        }

        // Expired ids can never be presented again (the token itself has expired), so they need no row.
        var now = clock.GetUtcNow();
        await db.ConsumedRefreshTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);

        var consumed = db.ConsumedRefreshTokens.Add(new ConsumedRefreshToken { Id = id, ExpiresAt = expiresAt });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            consumed.State = EntityState.Detached;
            return false;
        }
    }
}
