using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Organisation;

/// <summary>Read models of the organisation. Authorisation is decided by the caller (the web's policies)
/// and passed in as an <see cref="AgencyVisibility"/>; these queries only filter by it.</summary>
public sealed class OrganisationQueries(IsoDbContext db)
{
    /// <summary>The visible agencies as a forest, ordered as configured. Ended agencies are left out
    /// unless <paramref name="includeEnded"/> (they stay for history).</summary>
    public async Task<IReadOnlyList<AgencyNode>> GetAgencyTreeAsync(
        AgencyVisibility visibility, DateOnly asOf, bool includeEnded = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        var agencies = (await LoadAgenciesAsync(visibility, cancellationToken))
            .Where(a => includeEnded || a.EffectiveTo is null || a.EffectiveTo >= asOf)
            .ToList();

        var visibleIds = agencies.Select(a => a.Summary.Id).ToHashSet();
        var byParent = agencies.ToLookup(a => a.Summary.ParentId is { } parent && visibleIds.Contains(parent) ? parent : (Guid?)null);

        IReadOnlyList<AgencyNode> Children(Guid? parentId) =>
            byParent[parentId].OrderBy(a => a.SortOrder).ThenBy(a => a.Summary.Name, StringComparer.Ordinal)
                .Select(a => new AgencyNode(a.Summary, Children(a.Summary.Id))).ToList();

        return Children(null);
    }

    public async Task<AgencySummary?> FindAgencyAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var normalized = code.Trim().ToUpperInvariant();
        return await AgencySummaries(db.Agencies.Where(a => a.Code == normalized)).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The agency and every agency below it, at any depth (e.g. a district and its communes).</summary>
    public async Task<IReadOnlySet<Guid>> GetSubtreeIdsAsync(Guid agencyId, CancellationToken cancellationToken = default)
    {
        var links = await db.Agencies.AsNoTracking().Select(a => new { a.Id, a.ParentId }).ToListAsync(cancellationToken);
        var children = links.Where(l => l.ParentId is not null).ToLookup(l => l.ParentId!.Value, l => l.Id);
        var result = new HashSet<Guid>();
        if (links.All(l => l.Id != agencyId))
        {
            return result;
        }

        var pending = new Stack<Guid>([agencyId]);
        while (pending.TryPop(out var id))
        {
            if (result.Add(id))
            {
                foreach (var child in children[id])
                {
                    pending.Push(child);
                }
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<UnitSummary>> GetUnitsAsync(Guid agencyId, CancellationToken cancellationToken = default) =>
        await db.Units.AsNoTracking().Where(u => u.AgencyId == agencyId)
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Code)
            .Select(u => new UnitSummary(u.Id, u.AgencyId, u.Code, u.Name, u.EffectiveFrom, u.EffectiveTo))
            .ToListAsync(cancellationToken);

    /// <summary>The people of one agency with their unit and roles, by unit then name.</summary>
    public async Task<IReadOnlyList<PersonSummary>> GetPeopleAsync(Guid agencyId, CancellationToken cancellationToken = default)
    {
        var people = await db.Users.AsNoTracking().Where(u => u.AgencyId == agencyId)
            .Select(u => new
            {
                u.Id, u.UserName, u.FullName, u.Position, u.Email, u.AgencyId, u.IsActive,
                Unit = u.Unit == null ? null : new UnitSummary(u.Unit.Id, u.Unit.AgencyId, u.Unit.Code, u.Unit.Name, u.Unit.EffectiveFrom, u.Unit.EffectiveTo),
                UnitOrder = u.Unit == null ? -1 : u.Unit.SortOrder,
            })
            .ToListAsync(cancellationToken);
        var roles = await RolesOfAsync(people.Select(p => p.Id).ToList(), cancellationToken);

        return people
            .OrderBy(p => p.UnitOrder).ThenBy(p => p.FullName, StringComparer.Ordinal)
            .Select(p => new PersonSummary(p.Id, p.UserName ?? string.Empty, p.FullName, p.Position, p.Email, p.AgencyId, p.Unit,
                roles.TryGetValue(p.Id, out var r) ? r : [], p.IsActive))
            .ToList();
    }

    /// <summary>A person's agency, unit and roles; null when the user does not exist.</summary>
    public async Task<PersonProfile?> GetPersonAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id, u.UserName, u.FullName, u.Position, u.Email, u.AgencyId, u.IsActive,
                Unit = u.Unit == null ? null : new UnitSummary(u.Unit.Id, u.Unit.AgencyId, u.Unit.Code, u.Unit.Name, u.Unit.EffectiveFrom, u.Unit.EffectiveTo),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var agency = await AgencySummaries(db.Agencies.Where(a => a.Id == user.AgencyId)).SingleAsync(cancellationToken);
        var roles = await RolesOfAsync([user.Id], cancellationToken);
        return new PersonProfile(user.Id, user.UserName ?? string.Empty, user.FullName, user.Position, user.Email, agency, user.Unit,
            roles.TryGetValue(user.Id, out var r) ? r : [], user.IsActive);
    }

    private async Task<Dictionary<Guid, IReadOnlyList<string>>> RolesOfAsync(List<Guid> userIds, CancellationToken cancellationToken)
    {
        var pairs = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           where userIds.Contains(userRole.UserId)
                           select new { userRole.UserId, role.Name })
            .ToListAsync(cancellationToken);
        return pairs.GroupBy(p => p.UserId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Name!).Order(StringComparer.Ordinal).ToList());
    }

    private async Task<List<(AgencySummary Summary, int SortOrder, DateOnly? EffectiveTo)>> LoadAgenciesAsync(
        AgencyVisibility visibility, CancellationToken cancellationToken)
    {
        var query = db.Agencies.AsNoTracking();
        if (!visibility.All)
        {
            var ids = visibility.AgencyIds.ToList();
            query = query.Where(a => ids.Contains(a.Id));
        }

        var rows = await query.Select(a => new
        {
            Summary = new AgencySummary(a.Id, a.Code, a.Name, a.ShortName, a.KindCode, a.Kind!.NameVi, a.ParentId, a.EffectiveFrom, a.EffectiveTo),
            a.SortOrder,
        }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.Summary, r.SortOrder, r.Summary.EffectiveTo)).ToList();
    }

    private static IQueryable<AgencySummary> AgencySummaries(IQueryable<Agency> agencies) =>
        agencies.AsNoTracking().Select(a =>
            new AgencySummary(a.Id, a.Code, a.Name, a.ShortName, a.KindCode, a.Kind!.NameVi, a.ParentId, a.EffectiveFrom, a.EffectiveTo));
}
