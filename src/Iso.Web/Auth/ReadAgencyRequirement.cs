using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Iso.Web.Auth;

/// <summary>"May read agency X": a person reads their own agency; auditors and administrators read all.</summary>
public sealed class ReadAgencyRequirement : IAuthorizationRequirement
{
    public static bool IsMet(ClaimsPrincipal user, Guid agencyId)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true
            && (MayReadAcrossAgencies(user) || user.GetAgencyId() == agencyId);
    }

    public static bool MayReadAcrossAgencies(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return IsoPolicies.ReadAcrossAgenciesRoles.Any(user.IsInRole);
    }
}

internal sealed class ReadAgencyHandler : AuthorizationHandler<ReadAgencyRequirement, Guid>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadAgencyRequirement requirement, Guid resource)
    {
        if (ReadAgencyRequirement.IsMet(context.User, resource))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
