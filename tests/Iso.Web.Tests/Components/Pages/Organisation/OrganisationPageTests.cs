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

    [Fact]
    public void OrganisationPage_AnEndedAgency_ShowsItsDatesAndSuccessor_AndTheSuccessorItsPredecessorsAndFiguresPerOldAndNew()
    {
        var ward = Agency("NAMGIANGHIA", "UBND phường Nam Gia Nghĩa", "commune") with { EffectiveFrom = new DateOnly(2025, 7, 1) };
        var old = Agency("NGHIADUC", "UBND phường Nghĩa Đức", "commune") with { EffectiveTo = new DateOnly(2025, 6, 30) };
        this.SignIn(TestUsers.Person("Kiểm tra viên", Province.Id, IsoRoles.Auditor));
        this.Directory().Tree.Add(Province with { Children = [old, ward] });
        var wardRef = new CountedAgency(ward.Code, ward.Name, ward.EffectiveFrom, null);
        var oldRef = new CountedAgency(old.Code, old.Name, old.EffectiveFrom, old.EffectiveTo);
        this.Directory().Details["NGHIADUC"] = new AgencyDetails(old, [], [], Successor: wardRef);
        this.Directory().Details["NAMGIANGHIA"] = new AgencyDetails(ward, [], [], Predecessors: [oldRef]);
        this.Directory().Figures["NAMGIANGHIA"] = new AgencyFigures(ward.Code, ward.Name, false, [wardRef], 2, 2, 0, 0, 0, 1, 4);
        this.Directory().Figures["NAMGIANGHIA+lineage"] = new AgencyFigures(ward.Code, ward.Name, true, [oldRef, wardRef], 9, 2, 7, 0, 0, 1, 4);

        var cut = Render<OrganisationPage>();
        cut.WaitForElement("[data-agency='NGHIADUC']").Click();
        cut.WaitForAssertion(() => Assert.Contains("30/06/2025", cut.Find("[data-testid='org-ended']").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid='org-successor']").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("UBND phường Nam Gia Nghĩa", cut.Find("[data-testid='org-selected']").TextContent.Trim());
            Assert.Contains("UBND phường Nghĩa Đức", cut.Find("[data-testid='org-predecessors']").TextContent, StringComparison.Ordinal);
            var figures = cut.Find("[data-testid='org-figures']").TextContent;
            Assert.Contains("Gồm cơ quan tiền thân (2 cơ quan)", figures, StringComparison.Ordinal);
            Assert.Contains("9", figures, StringComparison.Ordinal);
        });
        Assert.Empty(cut.FindAll("[data-testid='org-actions']")); // auditors read, they do not change
    }

    [Fact]
    public void OrganisationPage_ForAnAdministrator_OffersTheActions_AndTheMergeDialogAsksToSeeWhatMovesFirst()
    {
        this.SignIn(TestUsers.Person("Quản trị", Justice.Id, IsoRoles.Administrator));
        this.Directory().Tree.Add(Province);
        this.Directory().Details["STP"] = new AgencyDetails(Justice, [], []);

        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<OrganisationPage>();
        cut.WaitForElement("[data-agency='STP']").Click();
        cut.WaitForElement("[data-testid='org-merge']").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.NotNull(cut.Find("[data-testid='org-create']"));
            Assert.NotNull(dialogs.Find("[data-testid='merge-preview-button']"));
            Assert.Empty(dialogs.FindAll("[data-testid='org-dialog-submit']"));
        });
    }

    [Fact]
    public void OrganisationPage_RenameDialog_StartsFromTheAgencysName_AndCancellingLeavesThePageAsItWas()
    {
        this.SignIn(TestUsers.Person("Quản trị", Justice.Id, IsoRoles.Administrator));
        this.Directory().Tree.Add(Province);
        this.Directory().Details["STP"] = new AgencyDetails(Justice, [], []);

        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<OrganisationPage>();
        cut.WaitForElement("[data-agency='STP']").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='org-actions'] button").Single(b => b.TextContent.Contains("Đổi tên", StringComparison.Ordinal)).Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Đổi tên Sở Tư pháp", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal);
            Assert.Equal("Sở Tư pháp", dialogs.Find("[data-testid='org-dialog'] input").GetAttribute("value"));
        });
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Huỷ").Click();

        cut.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='org-dialog']")));
        Assert.Equal("Sở Tư pháp", cut.Find("[data-testid='org-selected']").TextContent.Trim());
    }

    private static AgencyNode Agency(string code, string name, string kind, IReadOnlyList<AgencyNode>? children = null) =>
        new(Guid.NewGuid(), code, name, null, kind, kind, new DateOnly(2021, 1, 1), null, children ?? []);
}
