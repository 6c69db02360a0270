using System.Collections.Concurrent;
using Iso.Workflows.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Workflows;

/// <summary>The organisation as the engine sees it. Agencies and units change rarely and are read on every step,
/// so answers are cached for a short time (a renamed unit is seen by new steps within <see cref="CacheTime"/>).</summary>
internal sealed class EfOrganisationLookup(IsoDatabase database, TimeProvider timeProvider) : IOrganisationLookup
{
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, (AgencyInfo? Value, DateTimeOffset Until)> _agencies = new();
    private readonly ConcurrentDictionary<(Guid, string), (OrgUnitInfo? Value, DateTimeOffset Until)> _units = new();

    public async ValueTask<AgencyInfo?> FindAgencyAsync(Guid agencyId, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        if (_agencies.TryGetValue(agencyId, out var hit) && hit.Until > now)
        {
            return hit.Value;
        }

        await using var db = database.CreateContext(History.SystemActor.Instance);
        var agency = await db.Agencies.AsNoTracking()
            .Where(a => a.Id == agencyId)
            .Select(a => new AgencyInfo(a.Id, a.Code, a.Name, a.KindCode))
            .FirstOrDefaultAsync(cancellationToken);
        _agencies[agencyId] = (agency, now + CacheTime);
        return agency;
    }

    public async ValueTask<OrgUnitInfo?> FindUnitAsync(Guid agencyId, string unitCode, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        if (_units.TryGetValue((agencyId, unitCode), out var hit) && hit.Until > now)
        {
            return hit.Value;
        }

        await using var db = database.CreateContext(History.SystemActor.Instance);
        var unit = await db.Units.AsNoTracking()
            .Where(u => u.AgencyId == agencyId && u.Code == unitCode && u.EffectiveTo == null)
            .Select(u => new OrgUnitInfo(u.Id, u.AgencyId, u.Code, u.Name))
            .FirstOrDefaultAsync(cancellationToken);
        _units[(agencyId, unitCode)] = (unit, now + CacheTime);
        return unit;
    }
}
