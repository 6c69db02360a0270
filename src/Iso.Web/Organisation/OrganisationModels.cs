namespace Iso.Web.Organisation;

/// <summary>An agency as the UI and API show it, with the agencies below it that the caller may see.</summary>
public sealed record AgencyNode(
    Guid Id,
    string Code,
    string Name,
    string? ShortName,
    string KindCode,
    string KindName,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    IReadOnlyList<AgencyNode> Children);

public sealed record UnitRow(string Code, string Name, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

public sealed record PersonRow(
    string UserName, string FullName, string? Position, string? UnitCode, string? UnitName, IReadOnlyList<string> Roles, bool IsActive);

/// <summary>An agency with its units and people; an ended agency names its <c>Successor</c>, a successor its <c>Predecessors</c>.</summary>
public sealed record AgencyDetails(
    AgencyNode Agency, IReadOnlyList<UnitRow> Units, IReadOnlyList<PersonRow> People,
    CountedAgency? Successor = null, IReadOnlyList<CountedAgency>? Predecessors = null);

public sealed record OrganisationSummary(int Agencies, int Units, int People);

public sealed record NamedRef(string Code, string Name);

/// <summary>The signed-in person as <c>GET /api/v1/me</c> and the home page show them.</summary>
public sealed record Profile(
    string UserName, string FullName, string? Position, NamedRef Agency, NamedRef? Unit, IReadOnlyList<string> Roles);
