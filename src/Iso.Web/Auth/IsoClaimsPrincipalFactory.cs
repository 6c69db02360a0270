using System.Security.Claims;
using Iso.Data;
using Iso.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Auth;

/// <summary>Puts the person's agency, unit and full name into the principal (cookie and bearer token alike).</summary>
internal sealed class IsoClaimsPrincipalFactory(
    UserManager<IsoUser> userManager,
    RoleManager<IdentityRole<Guid>> roleManager,
    IOptions<IdentityOptions> options,
    IsoDbContext db)
    : UserClaimsPrincipalFactory<IsoUser, IdentityRole<Guid>>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(IsoUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var agency = await db.Agencies.Where(a => a.Id == user.AgencyId).Select(a => new { a.Code, a.Name }).SingleOrDefaultAsync();
        identity.AddClaim(new Claim(IsoClaims.AgencyId, user.AgencyId.ToString()));
        if (agency is not null)
        {
            identity.AddClaim(new Claim(IsoClaims.AgencyCode, agency.Code));
            identity.AddClaim(new Claim(IsoClaims.AgencyName, agency.Name));
        }

        if (user.UnitId is { } unitId)
        {
            identity.AddClaim(new Claim(IsoClaims.UnitId, unitId.ToString()));
        }

        identity.AddClaim(new Claim(IsoClaims.FullName, user.FullName));
        return identity;
    }
}
