using Iso.Data.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests.Documents;

/// <summary>ADR 0025 in the browser: a quality officer adopts a procedure (a draft), writes its procedure document tied
/// to it and carrying that draft (the flow section shows the draft's flowchart and steps, marked), submits and reviews
/// it; a leader approves the document, and the procedure is published with it.</summary>
public sealed class DocumentProcedurePagesTests
{
    private static readonly DemoAccount Officer = DemoAccounts.QualityOfficer;
    private static readonly DemoAccount Leader = DemoAccounts.Leader;

    [Fact]
    public async Task ProcedureDocument_CarryingADraft_ApprovedByALeader_PublishesTheProcedure()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var key = "tthc-" + Guid.NewGuid().ToString("N")[..8];
        var officer = await NewPageAsync(browser, server, 1366, 900);
        await SignInAsync(officer, Officer);

        await officer.GotoAsync("/quy-trinh/ap-dung/tthc-mot-cap");
        await WaitForInteractiveAsync(officer);
        await IsoBrowser.FillAndLeaveAsync(officer.Locator("[data-testid='adopt-key'] input, input[data-testid='adopt-key']").First, key);
        await officer.ClickAsync("[data-testid='adopt-create']");
        await Expect(officer).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/quy-trinh/{key}/phien-ban/1$"));

        await officer.GotoAsync("/tai-lieu/moi");
        await WaitForInteractiveAsync(officer);
        await IsoBrowser.FillAndLeaveAsync(officer.Locator("input[data-testid='new-code']"), "QT-07");
        await IsoBrowser.FillAndLeaveAsync(officer.Locator("input[data-testid='new-title']"), "Quy trình cấp phiếu lý lịch tư pháp");
        await officer.Locator("[data-testid='new-create']").ClickAsync();
        await Expect(officer.Locator("h1")).ToHaveTextAsync("Soạn thảo QT-07");
        var editor = officer.Url;
        var view = editor[..editor.LastIndexOf("/soan-thao", StringComparison.Ordinal)];

        // Tie the document to the new procedure (only a draft so far), then choose the draft it carries.
        await officer.GotoAsync(view);
        await WaitForInteractiveAsync(officer);
        await officer.Locator("[data-testid='flow-procedure']").ClickAsync();
        await officer.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = key }).ClickAsync();
        await officer.Locator("[data-testid='flow-link']").ClickAsync();
        // The link is stored over the circuit: leave the page only once it says so (on a loaded machine the next
        // navigation could otherwise cut the call short, and the editor would offer no draft).
        await Expect(officer.Locator(".mud-snackbar").Filter(new() { HasText = "Đã gắn tài liệu với quy trình." })).ToBeVisibleAsync();
        await officer.GotoAsync(editor);
        await WaitForInteractiveAsync(officer);
        await officer.Locator("[data-testid='editor-procedure-draft']").ClickAsync();
        await officer.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Phiên bản 1" }).ClickAsync();
        await Shot(officer, "desktop-editor-procedure-draft");
        await officer.Locator("[data-testid='editor-submit']").ClickAsync();
        await IsoBrowser.FillAndLeaveAsync(officer.Locator("input[data-testid='sign-password']"), Officer.Password);
        await officer.Locator("[data-testid='sign-confirm']").ClickAsync();
        await Expect(officer.Locator("[data-testid='view-lead']")).ToContainTextAsync("chờ thư ký ISO xem xét");
        await Expect(officer.Locator("[data-testid='document-flow-draft']")).ToHaveTextAsync("DỰ THẢO");
        await Expect(officer.Locator("[data-testid='document-flowchart'] [data-node='receive']")).ToBeVisibleAsync();
        await Shot(officer, "desktop-flow-draft");

        // While the document is under review the procedure has one route to publication: the document.
        await officer.Locator("[data-testid='view-pass']").ClickAsync();
        await IsoBrowser.FillAndLeaveAsync(officer.Locator("input[data-testid='sign-password']"), Officer.Password);
        await officer.Locator("[data-testid='sign-confirm']").ClickAsync();
        await Expect(officer.Locator("[data-testid='view-lead']")).ToContainTextAsync("chờ lãnh đạo phê duyệt");
        await officer.Context.CloseAsync();

        var leader = await NewPageAsync(browser, server, 1366, 900);
        await SignInAsync(leader, Leader);
        await leader.GotoAsync(view);
        await WaitForInteractiveAsync(leader);
        await leader.Locator("[data-testid='view-approve']").ClickAsync();
        await IsoBrowser.FillAndLeaveAsync(leader.Locator("input[data-testid='sign-password']"), Leader.Password);
        await leader.Locator("[data-testid='sign-confirm']").ClickAsync();
        await Expect(leader.Locator("[data-testid='view-lead']")).ToContainTextAsync("đang hiệu lực từ ngày");
        await Expect(leader.Locator("[data-testid='document-flow-source']")).ToContainTextAsync("phiên bản 1, được ban hành cùng tài liệu này");
        await Expect(leader.Locator("[data-testid='document-flow-draft']")).ToHaveCountAsync(0);
        await Shot(leader, "desktop-flow-approved");
        await AssertNoHorizontalOverflowAsync(leader, "viewer");

        await leader.GotoAsync($"/quy-trinh/{key}/phien-ban/1");
        await WaitForInteractiveAsync(leader);
        await Expect(leader.Locator(".iso-page-head")).ToContainTextAsync("Đang áp dụng");
        await Shot(leader, "desktop-procedure-published");

        var phone = await NewPageAsync(browser, server, 390, 844);
        await SignInAsync(phone, Leader);
        await phone.GotoAsync(view);
        await WaitForInteractiveAsync(phone);
        await Expect(phone.Locator("[data-testid='document-flowchart']")).ToBeVisibleAsync();
        await Shot(phone, "phone-flow-approved");
        await AssertNoHorizontalOverflowAsync(phone, "viewer");
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, IsoAppServer server, int width, int height) =>
        await (await browser.NewContextAsync(new()
        {
            BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, IsMobile = width < 600, HasTouch = width < 600,
        })).NewPageAsync();

    private static async Task SignInAsync(IPage page, DemoAccount account)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#login-username", account.UserName);
        await page.FillAsync("#login-password", account.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Xin chào|Việc của tôi"));
        await WaitForInteractiveAsync(page);
    }

    private static Task WaitForInteractiveAsync(IPage page) =>
        Expect(page.Locator(".mud-layout[data-interactive='true']")).ToHaveCountAsync(1);

    private static async Task AssertNoHorizontalOverflowAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"The {what} page scrolls sideways: content {widths[0]}px wide in a {widths[1]}px window.");
    }

    private static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(IsoBrowser.ScreenshotDirectory(), "docflow-" + name + ".png"), FullPage = true });
}
