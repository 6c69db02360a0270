namespace Iso.Data.Organisation;

/// <summary>Which agencies a caller may see, as already decided by the web's authorisation policies.</summary>
public sealed record AgencyVisibility
{
    private AgencyVisibility(bool all, IReadOnlySet<Guid> agencyIds) => (All, AgencyIds) = (all, agencyIds);

    /// <summary>Every agency (administrators, the auditors of Sở KH&amp;CN).</summary>
    public static AgencyVisibility Everything { get; } = new(true, new HashSet<Guid>());

    public bool All { get; }

    public IReadOnlySet<Guid> AgencyIds { get; }

    public static AgencyVisibility Only(IEnumerable<Guid> agencyIds) => new(false, agencyIds.ToHashSet());

    public bool Includes(Guid agencyId) => All || AgencyIds.Contains(agencyId);
}

public sealed record AgencySummary(
    Guid Id,
    string Code,
    string Name,
    string? ShortName,
    string KindCode,
    string KindName,
    Guid? ParentId,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo);

/// <summary>An agency with the visible agencies below it. A visible agency whose parent is hidden becomes a root.</summary>
public sealed record AgencyNode(AgencySummary Agency, IReadOnlyList<AgencyNode> Children);

public sealed record UnitSummary(Guid Id, Guid AgencyId, string Code, string Name, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

public sealed record PersonSummary(
    Guid Id,
    string UserName,
    string FullName,
    string? Position,
    string? Email,
    Guid AgencyId,
    UnitSummary? Unit,
    IReadOnlyList<string> Roles,
    bool IsActive);

/// <summary>A signed-in person's place in the organisation (what <c>GET /api/v1/me</c> returns).</summary>
public sealed record PersonProfile(
    Guid Id,
    string UserName,
    string FullName,
    string? Position,
    string? Email,
    AgencySummary Agency,
    UnitSummary? Unit,
    IReadOnlyList<string> Roles,
    bool IsActive);
