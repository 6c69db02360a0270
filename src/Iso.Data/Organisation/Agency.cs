namespace Iso.Data.Organisation;

/// <summary>A state agency (cơ quan): a node of the configurable organisation tree.
/// Agencies are never deleted: a renamed, merged or dissolved agency gets an end date
/// (and a successor), so its documents, procedures and records keep their history.</summary>
public sealed class Agency
{
    public Guid Id { get; set; }

    /// <summary>Stable, URL-safe identifier, e.g. <c>SKHCN</c>; unique.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>The electronic unit code (mã định danh điện tử, Circular 10/2016/TT-BTTTT), e.g. <c>000.00.19.H18</c>;
    /// the first part of its case codes. Null until configured (the case codes then use <see cref="Code"/>).</summary>
    public string? ElectronicCode { get; set; }

    public string? ShortName { get; set; }

    public required string KindCode { get; set; }

    public AgencyKind? Kind { get; set; }

    public Guid? ParentId { get; set; }

    public Agency? Parent { get; set; }

    public List<Agency> Children { get; } = [];

    public List<OrgUnit> Units { get; } = [];

    public DateOnly EffectiveFrom { get; set; }

    /// <summary>Last day the agency exists as such; null while it is current.</summary>
    public DateOnly? EffectiveTo { get; set; }

    /// <summary>The agency that took over this one after a merge or a rename, if any.</summary>
    public Guid? SuccessorId { get; set; }

    public int SortOrder { get; set; }
}
