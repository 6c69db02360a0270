using Iso.Web.Application;

namespace Iso.Web.Organisation;

/// <summary>Reads agencies, units and people, scoped to what the caller may see (own agency; everything for auditors
/// and administrators). The organisation page, the home page and the API endpoints all use it.</summary>
public interface IOrganisationDirectory
{
    /// <summary>The caller as a person; <see cref="ProblemKind.NotSignedIn"/> when the account no longer exists.</summary>
    Task<Result<Profile>> GetProfileAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>The visible agencies as a forest: the whole tree for cross-agency readers, else the caller's own agency.</summary>
    Task<IReadOnlyList<AgencyNode>> GetVisibleTreeAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>An agency with its units and people; <see cref="ProblemKind.NotFound"/> or <see cref="ProblemKind.Forbidden"/> otherwise.</summary>
    Task<Result<AgencyDetails>> GetAgencyAsync(Caller caller, string? agencyCode, CancellationToken cancellationToken = default);

    Task<OrganisationSummary> GetSummaryAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Figures of an agency, alone or with its predecessors (<see cref="GetAgencyFigures"/>).</summary>
    Task<Result<AgencyFigures>> GetFiguresAsync(Caller caller, string? agencyCode, bool lineage, CancellationToken cancellationToken = default);

    /// <summary>The kinds of agency (code and name in the reader's language), by level.</summary>
    Task<IReadOnlyList<NamedRef>> GetKindsAsync(CancellationToken cancellationToken = default);
}
