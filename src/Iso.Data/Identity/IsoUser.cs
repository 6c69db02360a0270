using Iso.Data.Organisation;
using Microsoft.AspNetCore.Identity;

namespace Iso.Data.Identity;

/// <summary>A person who signs in. Every person belongs to exactly one agency (and usually a unit).</summary>
public sealed class IsoUser : IdentityUser<Guid>
{
    public required string FullName { get; set; }

    /// <summary>Job title (chức vụ), e.g. "Chánh Văn phòng".</summary>
    public string? Position { get; set; }

    public Guid AgencyId { get; set; }

    public Agency? Agency { get; set; }

    public Guid? UnitId { get; set; }

    public OrgUnit? Unit { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Set with a one-time password (first administrator, password reset): the person must choose a new
    /// password at the next sign-in before doing anything else.</summary>
    public bool MustChangePassword { get; set; }
}
