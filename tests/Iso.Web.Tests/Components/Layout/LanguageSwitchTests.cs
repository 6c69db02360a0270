using Bunit;
using Iso.Web.Components.Layout;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Components.Layout;

public sealed class LanguageSwitchTests : BunitContext
{
    public LanguageSwitchTests() => this.AddIsoTestServices();

    [Fact]
    public void LanguageSwitch_LinksToCultureEndpoint_ReturningToCurrentPage()
    {
        IsoTestServices.UseCulture("vi-VN");
        Services.GetRequiredService<NavigationManager>().NavigateTo("to-chuc?x=1");

        var cut = Render<LanguageSwitch>();

        var english = cut.Find("a[lang='en']");
        Assert.Equal("culture/set?culture=en&redirectUri=%2Fto-chuc%3Fx%3D1", english.GetAttribute("href"));
        // A full page load is needed: a running circuit keeps its culture.
        Assert.Equal("false", english.GetAttribute("data-enhance-nav"));
    }

    [Theory]
    [InlineData("vi-VN", "vi")]
    [InlineData("en-US", "en")]
    public void LanguageSwitch_MarksTheCurrentLanguage(string culture, string expected)
    {
        IsoTestServices.UseCulture(culture);

        var cut = Render<LanguageSwitch>();

        var current = cut.Find("a[aria-current='true']");
        Assert.Equal(expected, current.GetAttribute("lang"));
        Assert.Single(cut.FindAll("a[aria-current='true']"));
    }
}
