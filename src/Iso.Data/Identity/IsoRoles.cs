namespace Iso.Data.Identity;

/// <summary>The roles of the product. Pages and endpoints use policies (see IsoPolicies), not these names.</summary>
public static class IsoRoles
{
    public const string Administrator = "Administrator";
    public const string QualityOfficer = "QualityOfficer";
    public const string Leader = "Leader";
    public const string Staff = "Staff";
    public const string Auditor = "Auditor";

    /// <summary>Manages the accounts of their own agency only; cannot grant <see cref="Administrator"/> or <see cref="Auditor"/>.</summary>
    public const string AgencyAdministrator = "AgencyAdministrator";

    public static IReadOnlyList<string> All { get; } = [Administrator, AgencyAdministrator, QualityOfficer, Leader, Staff, Auditor];
}
