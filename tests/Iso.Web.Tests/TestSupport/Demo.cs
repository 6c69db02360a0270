namespace Iso.Web.Tests.TestSupport;

/// <summary>Demo accounts and agencies the HTTP tests rely on (created by the demo seeder on start).</summary>
internal static class Demo
{
    public const string Password = "Demo@12345";
    public const string JusticeStaff = "stp.chuyenvien";
    public const string HomeAffairsStaff = "snv.chuyenvien";
    public const string Auditor = "skhcn.danhgia";
    public const string Administrator = "quantri";
    public const string JusticeCode = "STP";
    public const string JusticeName = "Sở Tư pháp";
    public const string HomeAffairsCode = "SNV";
}
