using System.Security.Claims;
using Bunit;
using Iso.Web.Auth;
using Iso.Web.Components.Layout;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Components.Web;

namespace Iso.Web.Tests.Components.Layout;

public sealed class UserMenuTests : BunitContext
{
    public UserMenuTests() => this.AddIsoTestServices();

    [Fact]
    public void UserMenu_WhenOpened_ShowsNameAgencyLanguageAndLogout()
    {
        IsoTestServices.UseCulture("vi-VN");
        var cut = Render<UserMenu>(p => p.Add(m => m.User, Person()).Add(m => m.ReturnUrl, "/to-chuc"));

        Assert.Equal("false", cut.Find("[data-testid='user-menu']").GetAttribute("aria-expanded"));
        Assert.Empty(cut.FindAll("[data-testid='user-menu-panel']"));

        cut.Find("[data-testid='user-menu']").Click();

        Assert.Equal("true", cut.Find("[data-testid='user-menu']").GetAttribute("aria-expanded"));
        var who = cut.Find("[data-testid='user-menu-who']").TextContent;
        Assert.Contains("Nguyễn Văn Hùng", who, StringComparison.Ordinal);
        Assert.Contains("Sở Thông tin và Truyền thông", who, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("#iso-user-panel a[lang='en']"));
        Assert.Equal("/to-chuc", cut.Find("form[action='account/logout'] input[name='returnUrl']").GetAttribute("value"));
    }

    [Fact]
    public void UserMenu_ButtonIsNamedForScreenReaders_EvenWhenOnlyTheIconShows()
    {
        IsoTestServices.UseCulture("vi-VN");
        var cut = Render<UserMenu>(p => p.Add(m => m.User, Person()).Add(m => m.ReturnUrl, "/"));

        Assert.Equal("Tài khoản: Nguyễn Văn Hùng", cut.Find("[data-testid='user-menu'] .iso-visually-hidden").TextContent);
    }

    [Fact]
    public void UserMenu_Escape_ClosesThePanel()
    {
        var cut = Render<UserMenu>(p => p.Add(m => m.User, Person()).Add(m => m.ReturnUrl, "/"));
        cut.Find("[data-testid='user-menu']").Click();

        cut.Find(".iso-user-menu").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        Assert.Empty(cut.FindAll("[data-testid='user-menu-panel']"));
        Assert.Equal("false", cut.Find("[data-testid='user-menu']").GetAttribute("aria-expanded"));
    }

    private static ClaimsPrincipal Person()
    {
        var user = TestUsers.Person("Nguyễn Văn Hùng", Guid.NewGuid());
        ((ClaimsIdentity)user.Identity!).AddClaim(new Claim(IsoClaims.AgencyName, "Sở Thông tin và Truyền thông"));
        return user;
    }
}
