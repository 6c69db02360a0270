using Bunit;
using Iso.Data.Identity;
using Iso.Web.Components.Pages;
using Iso.Web.Organisation;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Components.Pages;

public sealed class HomeTests : BunitContext
{
    public HomeTests()
    {
        this.AddIsoTestServices();
        this.SignIn(TestUsers.Person("Phạm Thị Dung", Guid.NewGuid(), IsoRoles.QualityOfficer));
        this.Directory().Profile = new Profile(
            "stp.iso", "Phạm Thị Dung", "Chuyên viên", new NamedRef("STP", "Sở Tư pháp"), new NamedRef("VP", "Văn phòng Sở"),
            [IsoRoles.QualityOfficer, IsoRoles.Staff]);
        this.Directory().Summary = new OrganisationSummary(1, 4, 1234);
    }

    [Fact]
    public void Home_InVietnamese_GreetsThePersonAndShowsTheirAgencyRolesAndCounts()
    {
        IsoTestServices.UseCulture("vi-VN");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal("Xin chào, Phạm Thị Dung", cut.Find("h1").TextContent.Trim()));
        Assert.Equal("Sở Tư pháp", cut.Find("[data-testid='home-agency']").TextContent.Trim());
        Assert.Contains("Cán bộ ISO", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Văn phòng Sở", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("4", cut.Find("[data-testid='count-units']").TextContent);
        Assert.Equal("1.234", cut.Find("[data-testid='count-people']").TextContent);
    }

    [Fact]
    public void Home_InEnglish_UsesTheEnglishResources()
    {
        IsoTestServices.UseCulture("en-US");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal("Hello, Phạm Thị Dung", cut.Find("h1").TextContent.Trim()));
        Assert.Contains("Quality officer", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("1,234", cut.Find("[data-testid='count-people']").TextContent);
    }
}
