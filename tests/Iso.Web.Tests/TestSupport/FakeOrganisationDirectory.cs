using System.Security.Claims;
using Iso.Web.Organisation;

namespace Iso.Web.Tests.TestSupport;

/// <summary>Serves the organisation data a component test gives it; access rules are tested against the real directory.</summary>
public sealed class FakeOrganisationDirectory : IOrganisationDirectory
{
    public Profile? Profile { get; set; }

    public List<AgencyNode> Tree { get; } = [];

    public Dictionary<string, AgencyDetails> Details { get; } = new(StringComparer.Ordinal);

    public OrganisationSummary Summary { get; set; } = new(0, 0, 0);

    public Task<Profile?> GetProfileAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) => Task.FromResult(Profile);

    public Task<IReadOnlyList<AgencyNode>> GetVisibleTreeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AgencyNode>>(Tree);

    public Task<Lookup<AgencyDetails>> GetAgencyAsync(ClaimsPrincipal user, string agencyCode, CancellationToken cancellationToken = default) =>
        Task.FromResult(Details.TryGetValue(agencyCode, out var details) ? Lookup.Found(details) : Lookup.NotFound<AgencyDetails>());

    public Task<OrganisationSummary> GetSummaryAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) => Task.FromResult(Summary);
}
