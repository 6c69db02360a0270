using System.Security.Claims;

namespace Iso.Web.Auth;

/// <summary>Claims the product adds to a signed-in person, so that access checks need no database round trip.</summary>
public static class IsoClaims
{
    public const string AgencyId = "iso:agency_id";
    public const string AgencyCode = "iso:agency_code";
    public const string UnitId = "iso:unit_id";
    public const string AgencyName = "iso:agency_name";
    public const string FullName = "iso:full_name";

    /// <summary>Id of a bearer sign-in, carried by its access and refresh tokens; a refresh token is good once.</summary>
    public const string TokenId = "iso:token_id";

    public static Guid? GetAgencyId(this ClaimsPrincipal user) => ParseGuid(user, AgencyId);

    public static Guid? GetUserId(this ClaimsPrincipal user) => ParseGuid(user, ClaimTypes.NameIdentifier);

    public static string GetDisplayName(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(FullName) ?? user.Identity?.Name ?? string.Empty;
    }

    private static Guid? ParseGuid(ClaimsPrincipal user, string claimType)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Guid.TryParse(user.FindFirstValue(claimType), out var id) ? id : null;
    }
}
