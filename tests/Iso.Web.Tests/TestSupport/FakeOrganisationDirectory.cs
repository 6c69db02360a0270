using Iso.Web.Application;
using Iso.Web.Organisation;

namespace Iso.Web.Tests.TestSupport;

/// <summary>Serves the organisation data a component test gives it; access rules are tested against the real directory.</summary>
public sealed class FakeOrganisationDirectory : IOrganisationDirectory
{
    public Profile? Profile { get; set; }

    public List<AgencyNode> Tree { get; } = [];

    public Dictionary<string, AgencyDetails> Details { get; } = new(StringComparer.Ordinal);

    public OrganisationSummary Summary { get; set; } = new(0, 0, 0);

    public Task<Result<Profile>> GetProfileAsync(Caller caller, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<Profile>>(Profile is null ? Problem.Of(ProblemKind.NotSignedIn, new Message("Problem_AccountGone")) : Profile);

    public Task<IReadOnlyList<AgencyNode>> GetVisibleTreeAsync(Caller caller, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AgencyNode>>(Tree);

    public Task<Result<AgencyDetails>> GetAgencyAsync(Caller caller, string? agencyCode, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<AgencyDetails>>(
            agencyCode is not null && Details.TryGetValue(agencyCode, out var details) ? details : Problem.NotFound("Problem_AgencyNotFound", agencyCode));

    public Task<OrganisationSummary> GetSummaryAsync(Caller caller, CancellationToken cancellationToken = default) => Task.FromResult(Summary);
}
