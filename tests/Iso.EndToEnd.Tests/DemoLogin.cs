namespace Iso.EndToEnd.Tests;

/// <summary>The demo account the browser test signs in with: the auditor of Sở KH&amp;CN, who sees every agency.</summary>
internal static class DemoLogin
{
    public const string UserName = "skhcn.danhgia";
    public const string Password = "Demo@12345";
    public const string AgencyName = "Sở Khoa học và Công nghệ";
    public const string SecondAgencyCode = "STP";
}
