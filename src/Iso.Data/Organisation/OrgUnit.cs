namespace Iso.Data.Organisation;

/// <summary>A unit (phòng/ban/bộ phận) inside an agency.</summary>
public sealed class OrgUnit
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Agency? Agency { get; set; }

    /// <summary>Code unique within the agency, e.g. <c>MOT-CUA</c>; workflow definitions name units by code.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public DateOnly EffectiveFrom { get; set; }

    public DateOnly? EffectiveTo { get; set; }

    /// <summary>The unit that took over this one when it was merged (in its agency or, with the agency, into another).</summary>
    public Guid? SuccessorId { get; set; }

    public int SortOrder { get; set; }
}
