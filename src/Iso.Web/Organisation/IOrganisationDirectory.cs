using System.Security.Claims;

namespace Iso.Web.Organisation;

/// <summary>Reads agencies, units and people, filtered by what the given person may see
/// (own agency; everything for auditors and administrators). Pages and API endpoints both use it.</summary>
public interface IOrganisationDirectory
{
    Task<Profile?> GetProfileAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    /// <summary>The visible agencies as a forest: the whole tree for cross-agency readers, else the person's own agency.</summary>
    Task<IReadOnlyList<AgencyNode>> GetVisibleTreeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    Task<Lookup<AgencyDetails>> GetAgencyAsync(ClaimsPrincipal user, string agencyCode, CancellationToken cancellationToken = default);

    Task<OrganisationSummary> GetSummaryAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);
}
