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

    /// <summary>Figures by agency code: the key alone, or "CODE+lineage" with its predecessors.</summary>
    public Dictionary<string, AgencyFigures> Figures { get; } = new(StringComparer.Ordinal);

    public List<NamedRef> Kinds { get; } = [new("province", "UBND cấp tỉnh"), new("department", "Sở/ngành"), new("commune", "UBND cấp xã")];

    public Task<Result<AgencyFigures>> GetFiguresAsync(Caller caller, string? agencyCode, bool lineage, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<AgencyFigures>>(
            agencyCode is not null && Figures.TryGetValue(lineage ? agencyCode + "+lineage" : agencyCode, out var figures) ? figures : Problem.NotFound("Problem_AgencyNotFound", agencyCode));

    public Task<IReadOnlyList<NamedRef>> GetKindsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<NamedRef>>(Kinds);
}
