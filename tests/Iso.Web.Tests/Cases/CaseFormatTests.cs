using System.Globalization;
using Iso.Web.Components.Pages.Cases;

namespace Iso.Web.Tests.Cases;

public sealed class CaseFormatTests
{
    [Theory]
    [InlineData(80, "vi-VN", "10 ngày")]
    [InlineData(80, "en-US", "10 days")]
    [InlineData(8, "en-US", "1 day")]
    [InlineData(20, "vi-VN", "2 ngày 4 giờ")]
    [InlineData(20, "en-US", "2 days 4 h")]
    [InlineData(0.5, "vi-VN", "30 phút")]
    [InlineData(0.5, "en-US", "30 min")]
    [InlineData(0, "en-US", "0 h")]
    public void Hours_SpeakTheReadersLanguage(double hours, string culture, string expected) =>
        Assert.Equal(expected, CaseFormat.Hours((decimal)hours, CultureInfo.GetCultureInfo(culture)));

    [Fact]
#pragma warning disable CA1304 // the overload under test is the one that reads the UI culture
    public void Hours_WithoutACulture_FollowTheUiCulture()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
            Assert.Equal("3 days", CaseFormat.Hours(24));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("vi-VN");
            Assert.Equal("3 ngày", CaseFormat.Hours(24));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
#pragma warning restore CA1304
}
