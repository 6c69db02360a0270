using Bunit;
using Iso.Data.Identity;
using Iso.Web.Components.Pages.Organisation;
using Iso.Web.Organisation;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Components.Pages.Organisation;

public sealed class OrganisationPageTests : BunitContext
{
    private static readonly AgencyNode Justice = Agency("STP", "Sở Tư pháp", "Sở");
    private static readonly AgencyNode HomeAffairs = Agency("SNV", "Sở Nội vụ", "Sở");
    private static readonly AgencyNode Province = Agency("DAKNONG", "UBND tỉnh Đắk Nông", "Tỉnh", [Justice, HomeAffairs]);

    public OrganisationPageTests()
    {
        this.AddIsoTestServices();
        IsoTestServices.UseCulture("vi-VN");
    }

    [Fact]
    public void OrganisationPage_RendersTheTreeWithKindsAndVietnameseDates()
    {
        this.SignIn(TestUsers.Person("Kiểm tra viên", Province.Id, IsoRoles.Auditor));
        this.Directory().Tree.Add(Province);

        var cut = Render<OrganisationPage>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(["DAKNONG", "STP", "SNV"], cut.FindAll("[data-agency]").Select(e => e.GetAttribute("data-agency")));
            Assert.Contains("UBND tỉnh Đắk Nông", cut.Markup, StringComparison.Ordinal);
            Assert.Contains("Sở · từ 01/01/2021", cut.Find("[data-agency='STP']").TextContent, StringComparison.Ordinal);
        });
        Assert.Contains("Chọn một cơ quan", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void OrganisationPage_SelectingAnAgency_ShowsItsUnitsAndPeople()
    {
        this.SignIn(TestUsers.Person("Kiểm tra viên", Province.Id, IsoRoles.Auditor));
        this.Directory().Tree.Add(Province);
        this.Directory().Details["SNV"] = new AgencyDetails(
            HomeAffairs,
            [new UnitRow("VP", "Văn phòng Sở", new DateOnly(2021, 1, 1), null)],
            [new PersonRow("snv.chuyenvien", "Trần Thị Bình", "Chuyên viên", "VP", "Văn phòng Sở", [IsoRoles.Staff], true)]);

        var cut = Render<OrganisationPage>();
        cut.WaitForElement("[data-agency='SNV']").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Sở Nội vụ", cut.Find("[data-testid='org-selected']").TextContent.Trim());
            Assert.Contains("Văn phòng Sở", cut.Find("[data-testid='org-units']").TextContent, StringComparison.Ordinal);
            var people = cut.Find("[data-testid='org-people']").TextContent;
            Assert.Contains("Trần Thị Bình", people, StringComparison.Ordinal);
            Assert.Contains("Chuyên viên", people, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void OrganisationPage_WithOnlyOwnAgency_ShowsItsPeopleStraightAway()
    {
        this.SignIn(TestUsers.Person("Lê Văn Cường", Justice.Id, IsoRoles.Staff));
        this.Directory().Tree.Add(Justice);
        this.Directory().Details["STP"] = new AgencyDetails(
            Justice, [], [new PersonRow("stp.chuyenvien", "Lê Văn Cường", null, null, null, [IsoRoles.Staff], true)]);

        var cut = Render<OrganisationPage>();

        cut.WaitForAssertion(() =>
        {
            Assert.Single(cut.FindAll("[data-agency]"));
            Assert.Contains("Lê Văn Cường", cut.Find("[data-testid='org-people']").TextContent, StringComparison.Ordinal);
            Assert.Contains("Cơ quan chưa có phòng, ban.", cut.Find("[data-testid='org-units']").TextContent, StringComparison.Ordinal);
        });
    }

    private static AgencyNode Agency(string code, string name, string kind, IReadOnlyList<AgencyNode>? children = null) =>
        new(Guid.NewGuid(), code, name, null, kind, kind, new DateOnly(2021, 1, 1), null, children ?? []);
}
