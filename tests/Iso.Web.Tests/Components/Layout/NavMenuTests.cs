using Bunit;
using Iso.Data.Identity;
using Iso.Web.Components.Layout;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Components.Layout;

public sealed class NavMenuTests : BunitContext
{
    public NavMenuTests() => this.AddIsoTestServices();

    [Fact]
    public void NavMenu_ForAdministrator_ShowsAccountAdministration()
    {
        IsoTestServices.UseCulture("vi-VN");
        this.SignIn(TestUsers.Person("Quản trị viên", Guid.NewGuid(), IsoRoles.Administrator));

        var nav = Render<NavMenu>();

        Assert.NotNull(nav.Find("a[href='quan-tri/tai-khoan']"));
        Assert.Contains("Tài khoản người dùng", nav.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IsoRoles.Staff)]
    [InlineData(IsoRoles.Leader)]
    [InlineData(IsoRoles.QualityOfficer)]
    [InlineData(IsoRoles.Auditor)]
    public void NavMenu_ForNonAdministrator_HidesAccountAdministration(string role)
    {
        this.SignIn(TestUsers.Person("Nguyễn Văn An", Guid.NewGuid(), role));

        var nav = Render<NavMenu>();

        Assert.Empty(nav.FindAll("a[href='quan-tri/tai-khoan']"));
        Assert.NotNull(nav.Find("a[href='to-chuc']"));
    }

    [Fact]
    public void NavMenu_ForAgencyAdministrator_ShowsAccountsButNotTheCalendar()
    {
        this.SignIn(TestUsers.Person("Quản trị cơ quan", Guid.NewGuid(), IsoRoles.AgencyAdministrator));

        var nav = Render<NavMenu>();

        Assert.NotNull(nav.Find("a[href='quan-tri/tai-khoan']"));
        Assert.Empty(nav.FindAll("a[href='quan-tri/lich-lam-viec']"));
    }

    [Theory]
    [InlineData(IsoRoles.Leader)]
    [InlineData(IsoRoles.QualityOfficer)]
    [InlineData(IsoRoles.Staff)]
    public void NavMenu_OffersReception_OnlyToOneStopStaff(string role)
    {
        // Without the reception unit nobody is one-stop staff: the inbox is offered, the reception page (which would refuse) is not.
        this.SignIn(TestUsers.Person("Nguyễn Văn An", Guid.NewGuid(), role));

        var nav = Render<NavMenu>();

        Assert.NotNull(nav.Find("a[href='viec-cua-toi']"));
        Assert.Empty(nav.FindAll("a[href='tiep-nhan']"));
    }
}
