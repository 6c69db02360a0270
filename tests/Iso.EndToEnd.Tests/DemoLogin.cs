using Iso.Data.Seeding;

namespace Iso.EndToEnd.Tests;

/// <summary>The demo account the browser test signs in with: the auditor of Sở KH&amp;CN, who sees every agency.</summary>
internal static class DemoLogin
{
    public static string UserName => DemoAccounts.Auditor.UserName;

    public static string Password => DemoAccounts.Password;

    public static string AgencyName => DemoAccounts.Auditor.AgencyName;

    /// <summary>Another agency than the auditor's own, to show that the auditor reads across agencies.</summary>
    public static string SecondAgencyCode => DemoAccounts.OtherAgencyStaff.AgencyCode;
}
