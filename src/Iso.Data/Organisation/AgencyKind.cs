namespace Iso.Data.Organisation;

/// <summary>A configurable kind of agency (province, Sở, UBND huyện, UBND xã, …).
/// Workflow definitions name the kinds they apply to by <see cref="Code"/>.</summary>
public sealed class AgencyKind
{
    public required string Code { get; set; }

    public required string NameVi { get; set; }

    public required string NameEn { get; set; }

    /// <summary>Depth in the usual hierarchy (0 = province); used for ordering only, not enforced.</summary>
    public int Level { get; set; }
}
