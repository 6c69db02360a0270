using System.Text.Json;
using Bunit;
using Iso.Data.Identity;
using Iso.Web.Cases;
using Iso.Web.Components.Pages.Cases;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Calendar;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Components.Pages.Cases;

/// <summary>The case page, the apology page and the case list, rendered against the case use cases' fake.</summary>
public sealed class CasePagesTests : BunitContext
{
    private const string Code = "000.00.15.H01-261201-0007";
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 8, 30, 0, TimeSpan.FromHours(7));
    private static readonly DateTimeOffset Due = new(2026, 11, 27, 16, 30, 0, TimeSpan.FromHours(7));
    private static readonly DateTimeOffset NewDate = new(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(7));

    private readonly FakeCaseWork _work = new();

    public CasePagesTests()
    {
        this.AddIsoTestServices();
        Services.AddIsoWorkingCalendar();
        Services.AddSingleton<ICaseWork>(_work);
        this.SignIn(TestUsers.Person("Phạm Thị Bốn", Guid.NewGuid(), IsoRoles.Leader));
        IsoTestServices.UseCulture("vi-VN");
    }

    [Fact]
    public void CasePage_ShowsStepsJournalVerification_TheLateness_AndTheIssuedApology()
    {
        _work.Sheets[Code] = Sheet(Lateness.Late, [Apology("issued", "Lê Minh Tuấn")], appointment: NewDate);

        var cut = Render<CasePage>(p => p.Add(x => x.Id, Code));

        cut.WaitForAssertion(() => Assert.Contains(Code, cut.Find("h1").TextContent, StringComparison.Ordinal));
        Assert.Contains("Thẩm định hồ sơ", cut.Find("[data-testid='case-steps']").TextContent, StringComparison.Ordinal);
        Assert.Contains("04/12/2026 10:00", cut.Find("[data-testid='case-new-appointment']").TextContent, StringComparison.Ordinal);
        Assert.Equal("Quá hạn hẹn trả", cut.Find("[data-testid='case-lateness']").TextContent.Trim());
        var apology = cut.Find("[data-testid='case-apology']");
        Assert.Equal("issued", apology.GetAttribute("data-status"));
        Assert.Contains("Lê Minh Tuấn", apology.TextContent, StringComparison.Ordinal);
        Assert.Contains("phieu-xin-loi", cut.Find("[data-testid='case-apology-open']").GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", cut.Find("[data-testid='control-sheet']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='case-read-only']"));
    }

    [Fact]
    public void CasePage_OfAnotherAgencyForAnAuditor_SaysReadOnly_AndOfAnUnknownCode_SaysNotFound()
    {
        _work.Sheets[Code] = Sheet(Lateness.OnTime, [], mayAct: false);

        var cut = Render<CasePage>(p => p.Add(x => x.Id, Code));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='case-read-only']")));
        Assert.Empty(cut.FindAll("[data-testid='case-apology-open']"));

        var missing = Render<CasePage>(p => p.Add(x => x.Id, "000.00.15.H01-261201-9999"));
        missing.WaitForAssertion(() => Assert.Contains("000.00.15.H01-261201-9999", missing.Find("[data-testid='case-problem']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void ApologyPage_ForALeader_ShowsTheDraftLetter_AndIssuesIt()
    {
        var pending = Apology("draft", null);
        _work.Apologies[Code] = View(pending, mayDraft: true, mayIssue: true);

        var cut = Render<ApologyPage>(p => p.Add(x => x.Id, Code));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='apology-letter']")));
        var letter = cut.Find("[data-testid='apology-letter']");
        Assert.Equal("draft", letter.GetAttribute("data-status"));
        Assert.Contains("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", letter.TextContent, StringComparison.Ordinal);
        Assert.Contains("Mẫu số 04", letter.TextContent, StringComparison.Ordinal);
        Assert.Equal("Nguyễn Thị Bích", cut.Find("[data-testid='apology-applicant']").TextContent.Trim());
        Assert.Equal("04/12/2026 10:00", cut.Find("[data-testid='apology-letter-date']").TextContent.Trim());
        Assert.Contains("Cần xác minh thêm tại địa phương.", cut.Find("[data-testid='apology-letter-reason']").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid='apology-issue']").Click();

        cut.WaitForAssertion(() => Assert.Equal([Code], _work.Issued));
    }

    [Fact]
    public void ApologyPage_ForAnAuditor_HasNeitherFormNorIssueButton()
    {
        _work.Apologies[Code] = View(Apology("draft", null), mayDraft: false, mayIssue: false);

        var cut = Render<ApologyPage>(p => p.Add(x => x.Id, Code));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='apology-letter']")));
        Assert.Empty(cut.FindAll("[data-testid='apology-form']"));
        Assert.Empty(cut.FindAll("[data-testid='apology-issue']"));
    }

    [Fact]
    public void ApologyPage_SavingTheProposal_SendsTheReasonAndTheProposedDate()
    {
        var proposal = new ApologyProposal("Hồ sơ giải quyết quá hạn so với thời hạn đã hẹn.", NewDate);
        _work.Apologies[Code] = View(null, mayDraft: true, mayIssue: false) with { Proposal = proposal };

        var cut = Render<ApologyPage>(p => p.Add(x => x.Id, Code));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='apology-save']")));

        cut.Find("[data-testid='apology-save']").Click();

        cut.WaitForAssertion(() => Assert.Single(_work.Drafts));
        var (code, request) = _work.Drafts[0];
        Assert.Equal(Code, code);
        Assert.Equal(proposal.Reason, request.Reason);
        Assert.Equal(NewDate, request.NewAppointmentAt);
    }

    [Fact]
    public void CasePage_Journal_SaysKindsInWords_StepsByTitle_OutcomesByLabel_AndTheOpenStepsRoleAndUnitByName()
    {
        var sheet = Sheet(Lateness.OnTime, []);
        var done = sheet.Steps[0] with { NodeId = "receive", Title = "Tiếp nhận hồ sơ", Status = "Completed", Outcome = "accept", OutcomeLabel = "Tiếp nhận, chuyển xử lý" };
        var open = sheet.Steps[0] with { HandledBy = null, CandidateUnitName = "Phòng Chuyên môn" };
        JournalEntryView Entry(long n, string kind, string? node, string? outcome, string? comment) =>
            new(n, Received, kind, null, node, null, outcome, comment, null, "h" + n);
        _work.Sheets[Code] = sheet with
        {
            Case = sheet.Case with { Journal = [Entry(1, "CaseStarted", "start", null, Code), Entry(2, "TaskCompleted", "receive", "accept", null)] },
            Steps = [done, open],
            StepTitles = new Dictionary<string, string> { ["receive"] = "Tiếp nhận hồ sơ", ["examine"] = "Thẩm định hồ sơ" },
        };

        var cut = Render<CasePage>(p => p.Add(x => x.Id, Code));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid='case-journal'] tbody tr").Count));
        var rows = cut.FindAll("[data-testid='case-journal'] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("Tiếp nhận hồ sơ", rows[0], StringComparison.Ordinal);
        Assert.DoesNotContain("CaseStarted", rows[0], StringComparison.Ordinal);
        Assert.DoesNotContain("— " + Code, rows[0], StringComparison.Ordinal);
        Assert.Contains("Tiếp nhận hồ sơ → Tiếp nhận, chuyển xử lý", rows[1], StringComparison.Ordinal);
        Assert.Contains("Chuyên viên · Phòng Chuyên môn", cut.Find("[data-testid='case-steps']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void CaseList_ShowsCodesLateMarkersAndApologyStatus()
    {
        _work.Cases.Add(Item(Code, late: true, apology: "draft"));
        _work.Cases.Add(Item("000.00.15.H01-261201-0008", late: false, apology: "none"));

        var cut = Render<CaseList>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid='cases-case']").Count));
        Assert.Single(cut.FindAll("[data-testid='cases-late']"));
        Assert.Equal("Chờ lãnh đạo ký", cut.Find("[data-testid='cases-apology']").TextContent.Trim());
        Assert.Equal("2 hồ sơ", cut.Find("[data-testid='cases-count']").TextContent.Trim());
        Assert.StartsWith("Hồ sơ của cơ quan,", cut.Find("[data-testid='cases-lead']").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(1, _work.CaseRequests[^1].Page);
    }

    [Fact]
    public void CaseList_ToAnAuditor_SaysItShowsEveryAgencysCases()
    {
        this.SignIn(TestUsers.Person("Đỗ Văn Kiểm", Guid.NewGuid(), IsoRoles.Auditor));

        var cut = Render<CaseList>();

        cut.WaitForAssertion(() => Assert.StartsWith("Hồ sơ của mọi cơ quan,", cut.Find("[data-testid='cases-lead']").TextContent.Trim(), StringComparison.Ordinal));
    }

    private static CaseListItem Item(string code, bool late, string apology) => new(
        Guid.NewGuid(), code, "tthc-mot-cap", "Thủ tục một cơ quan", Guid.NewGuid(), "Sở Tư pháp", "Running", null, Received, Due, Due, null, late, apology);

    private static ApologyView Apology(string status, string? issuedBy) => new(
        Guid.NewGuid(), status, Received.AddDays(4), status == "issued" ? Received.AddDays(4).AddHours(2) : null, issuedBy, Due, NewDate, "Cần xác minh thêm tại địa phương.");

    private static CaseApologyView View(ApologyView? pending, bool mayDraft, bool mayIssue) => new(
        Guid.NewGuid(), Code, Lateness.Late, Due, Due,
        pending is null ? null : new ApologyLetterView(pending.Id, "draft", pending.Reason, Due, NewDate, pending.DraftedAt, "Nguyễn Văn Một", null, null, ReceptionFormsVersion),
        [], null, mayDraft, mayIssue, "Thủ tục một cơ quan", "Sở Tư pháp", "UBND tỉnh Lâm Đồng", "Nguyễn Thị Bích", "12 Trần Phú, Đà Lạt", Received);

    private const string ReceptionFormsVersion = ReceiptForms.Circular03Of2025;

    private static CaseSheet Sheet(string lateness, IReadOnlyList<ApologyView> apologies, DateTimeOffset? appointment = null, bool mayAct = true)
    {
        var caseId = Guid.NewGuid();
        var details = new CaseDetails(
            caseId, Guid.NewGuid(), "tthc-mot-cap", 2, Code, "Running", null, null, Received, Received, Due, "Overdue", Received, null,
            JsonSerializer.SerializeToElement(new { }), [], [], new JournalVerificationView(true, null, null, "Valid")) { Code = Code };
        var step = new CaseStepView(Guid.NewGuid(), "examine", "Thẩm định hồ sơ", "Staff", "CHUYEN-MON", "Open", "Lê Văn Ba", Received.AddHours(2), null, Due, 56m, 60m, null, "Overdue", null, null, null);
        return new CaseSheet(details, Code, "Thủ tục một cơ quan", "Sở Tư pháp", "UBND tỉnh Lâm Đồng", "Nguyễn Thị Bích", [step], [], apologies,
            new Dictionary<Guid, string>(), mayAct)
        {
            Lateness = lateness,
            AppointmentAt = appointment ?? Due,
        };
    }
}
