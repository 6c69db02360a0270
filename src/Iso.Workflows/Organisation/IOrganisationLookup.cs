namespace Iso.Workflows.Organisation;

/// <summary>The adopting agency's organisation, as the engine needs it (implemented over the foundation's tables in <c>Iso.Data</c>).
/// Unit codes are compared exactly (ordinal, case-sensitive), as the database compares them.</summary>
public interface IOrganisationLookup
{
    ValueTask<AgencyInfo?> FindAgencyAsync(Guid agencyId, CancellationToken cancellationToken = default);

    /// <summary>The current unit with <paramref name="unitCode"/> in the agency, or null.</summary>
    ValueTask<OrgUnitInfo?> FindUnitAsync(Guid agencyId, string unitCode, CancellationToken cancellationToken = default);
}

public sealed record AgencyInfo(Guid Id, string Code, string Name, string KindCode);

public sealed record OrgUnitInfo(Guid Id, Guid AgencyId, string Code, string Name);
