using Iso.Data.Seeding;

namespace Iso.Web.Tests.TestSupport;

/// <summary>The demo accounts and agencies the HTTP tests rely on (created by the demo seeder on start).</summary>
internal static class Demo
{
    public static string Password => DemoAccounts.Password;

    public static string JusticeStaff => DemoAccounts.Staff.UserName;

    public static string HomeAffairsStaff => DemoAccounts.OtherAgencyStaff.UserName;

    public static string Auditor => DemoAccounts.Auditor.UserName;

    public static string Administrator => DemoAccounts.Administrator.UserName;

    public static string JusticeCode => DemoAccounts.Staff.AgencyCode;

    public static string JusticeName => DemoAccounts.Staff.AgencyName;

    public static string HomeAffairsCode => DemoAccounts.OtherAgencyStaff.AgencyCode;
}
