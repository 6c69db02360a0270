using System.Collections.Concurrent;
using Iso.Workflows.Organisation;

namespace Iso.Workflows.InMemory;

/// <summary>An <see cref="IOrganisationLookup"/> filled by code (tests, benchmark); unit codes are compared exactly, as the database does.</summary>
public sealed class InMemoryOrganisationLookup : IOrganisationLookup
{
    private readonly ConcurrentDictionary<Guid, AgencyInfo> _agencies = new();
    private readonly ConcurrentDictionary<(Guid, string), OrgUnitInfo> _units = new();

    public AgencyInfo AddAgency(Guid id, string code, string name, string kindCode)
    {
        var agency = new AgencyInfo(id, code, name, kindCode);
        _agencies[id] = agency;
        return agency;
    }

    public OrgUnitInfo AddUnit(Guid agencyId, string code, string name)
    {
        var unit = new OrgUnitInfo(Guid.NewGuid(), agencyId, code, name);
        _units[(agencyId, code)] = unit;
        return unit;
    }

    public ValueTask<AgencyInfo?> FindAgencyAsync(Guid agencyId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_agencies.TryGetValue(agencyId, out var a) ? a : null);

    public ValueTask<OrgUnitInfo?> FindUnitAsync(Guid agencyId, string unitCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unitCode);
        return ValueTask.FromResult(_units.TryGetValue((agencyId, unitCode), out var u) ? u : null);
    }
}
