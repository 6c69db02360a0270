using Iso.Data.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests.Documents;

/// <summary>A quality officer writes a procedure in the browser (live preview), submits and reviews it; a leader
/// approves it with their password; a staff member of the unit it is distributed to acknowledges it (read and
/// understood) with theirs; the viewer and the history are then looked at on a phone and a desktop.</summary>
public sealed class DocumentPagesTests
{
    private static readonly DemoAccount Officer = DemoAccounts.QualityOfficer;
    private static readonly DemoAccount Leader = DemoAccounts.Leader;
    private static readonly DemoAccount Staff = DemoAccounts.Staff;

    [Fact]
    public async Task Procedure_WrittenReviewedAndApprovedInTheBrowser_IsInForce_AtPhoneAndDesktopWidths()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var desktop = await NewPageAsync(browser, server, 1366, 900);

        await SignInAsync(desktop, Officer);
        await desktop.GotoAsync("/tai-lieu");
        await WaitForInteractiveAsync(desktop);
        await Expect(desktop.Locator("h1")).ToHaveTextAsync("Tài liệu");
        await desktop.Locator("[data-testid='documents-new']").ClickAsync();
        await Expect(desktop.Locator("h1")).ToHaveTextAsync("Tạo tài liệu");
        await IsoBrowser.FillAndLeaveAsync(desktop.Locator("input[data-testid='new-code']"), "QT-05");
        await IsoBrowser.FillAndLeaveAsync(desktop.Locator("input[data-testid='new-title']"), "Quy trình kiểm soát hồ sơ");
        await desktop.Locator("[data-testid='new-create']").ClickAsync();

        await Expect(desktop.Locator("h1")).ToHaveTextAsync("Soạn thảo QT-05");
        var markdown = desktop.Locator("textarea[data-testid='editor-markdown']");
        await Expect(desktop.Locator("[data-testid='editor-preview'] h2").First).ToHaveTextAsync("1. Mục đích");
        await markdown.FillAsync(Procedure);
        await Expect(desktop.Locator("[data-testid='editor-preview'] table td").First).ToHaveTextAsync("1");
        await Expect(desktop.Locator("[data-testid='editor-dangling']")).ToContainTextAsync("QT-99");
        await desktop.Locator("[data-testid='editor-distribution']").ClickAsync();
        await desktop.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Phòng Hành chính tư pháp" }).ClickAsync();
        await desktop.Keyboard.PressAsync("Escape");
        await Shot(desktop, "desktop-editor");

        await desktop.Locator("[data-testid='editor-submit']").ClickAsync();
        await Expect(desktop.Locator("[data-testid='sign-warnings']")).ToContainTextAsync("QT-99");
        await IsoBrowser.FillAndLeaveAsync(desktop.Locator("input[data-testid='sign-password']"), Officer.Password);
        await Shot(desktop, "desktop-sign-submit");
        await desktop.Locator("[data-testid='sign-confirm']").ClickAsync();
        await Expect(desktop.Locator("[data-testid='view-lead']")).ToContainTextAsync("chờ thư ký ISO xem xét");
        await Expect(desktop.Locator("[data-testid='view-distribution']")).ToContainTextAsync("Phòng Hành chính tư pháp");

        await desktop.Locator("[data-testid='view-pass']").ClickAsync();
        await IsoBrowser.FillAndLeaveAsync(desktop.Locator("input[data-testid='sign-password']"), Officer.Password);
        await desktop.Locator("[data-testid='sign-confirm']").ClickAsync();
        await Expect(desktop.Locator("[data-testid='view-lead']")).ToContainTextAsync("chờ lãnh đạo phê duyệt");
        await Expect(desktop.Locator("[data-testid='signature-reviewed']")).ToContainTextAsync(Officer.FullName);
        var address = desktop.Url;
        await desktop.Context.CloseAsync();

        var leader = await NewPageAsync(browser, server, 1366, 900);
        await SignInAsync(leader, Leader);
        await leader.GotoAsync(address);
        await WaitForInteractiveAsync(leader);
        await leader.Locator("[data-testid='view-approve']").ClickAsync();
        await IsoBrowser.FillAndLeaveAsync(leader.Locator("input[data-testid='sign-password']"), Leader.Password);
        await Shot(leader, "desktop-sign-approve");
        await leader.Locator("[data-testid='sign-confirm']").ClickAsync();
        await Expect(leader.Locator("[data-testid='signature-approved']")).ToContainTextAsync(Leader.FullName);
        await Expect(leader.Locator("[data-testid='view-lead']")).ToContainTextAsync("đang hiệu lực từ ngày");
        await Shot(leader, "desktop-viewer");
        await AssertNoHorizontalOverflowAsync(leader, "viewer");
        await leader.GotoAsync("/tai-lieu");
        await Expect(leader.Locator("[data-testid='documents-table']")).ToContainTextAsync("QT-05");
        await Shot(leader, "desktop-list");

        // Staff of the named unit acknowledge it: on a phone the list, on a desktop the signature.
        var staffPhone = await NewPageAsync(browser, server, 390, 844);
        await SignInAsync(staffPhone, Staff);
        await Expect(staffPhone.Locator("[data-testid='bell-badge'] .mud-badge")).ToBeVisibleAsync();
        await staffPhone.GotoAsync("/tai-lieu/can-xac-nhan");
        await WaitForInteractiveAsync(staffPhone);
        await Expect(staffPhone.Locator("h1")).ToHaveTextAsync("Tài liệu cần xác nhận đã đọc");
        await Expect(staffPhone.Locator("[data-testid='acks-table']")).ToContainTextAsync("QT-05");
        await Shot(staffPhone, "phone-acknowledgements");
        await AssertNoHorizontalOverflowAsync(staffPhone, "acknowledgements");
        await staffPhone.Context.CloseAsync();

        var staff = await NewPageAsync(browser, server, 1366, 900);
        await SignInAsync(staff, Staff);
        await staff.Locator("[data-testid='bell']").ClickAsync();
        await Expect(staff.Locator("[data-testid='bell-acks']")).ToContainTextAsync("1 tài liệu cần xác nhận đã đọc");
        await staff.Locator("[data-testid='bell-acks']").ClickAsync();
        await Expect(staff.Locator("h1")).ToHaveTextAsync("Tài liệu cần xác nhận đã đọc");
        await WaitForInteractiveAsync(staff);
        await Shot(staff, "desktop-acknowledgements");
        await staff.Locator("[data-testid='acks-table'] [data-testid='acknowledge']").ClickAsync();
        await Expect(staff.Locator("[data-testid='sign-dialog']")).ToContainTextAsync("Đã đọc và hiểu");
        await IsoBrowser.FillAndLeaveAsync(staff.Locator("input[data-testid='sign-password']"), Staff.Password);
        await Shot(staff, "desktop-sign-acknowledge");
        await staff.Locator("[data-testid='sign-confirm']").ClickAsync();
        await Expect(staff.Locator("[data-testid='acks-signed']")).ToContainTextAsync($"QT-05: “Đã đọc và hiểu” — {Staff.FullName}");
        await Expect(staff.Locator("[data-testid='acks-empty']")).ToBeVisibleAsync();
        await Shot(staff, "desktop-acknowledged");
        await staff.Context.CloseAsync();

        // The officer sees who has signed and who has not.
        await leader.GotoAsync(address);
        await Expect(leader.Locator("[data-testid='officer-acks']")).ToContainTextAsync($"Đã đọc và hiểu · {Staff.FullName}");
        await Expect(leader.Locator("[data-testid='officer-acks-summary']")).ToContainTextAsync("1/");
        await Shot(leader, "desktop-viewer-acknowledgements");

        // The same pages on a phone.
        var phone = await NewPageAsync(browser, server, 390, 844);
        await SignInAsync(phone, Officer);
        await phone.GotoAsync("/tai-lieu");
        await Expect(phone.Locator("[data-testid='documents-table']")).ToContainTextAsync("QT-05");
        await Shot(phone, "phone-list");
        await AssertNoHorizontalOverflowAsync(phone, "list");
        await phone.GotoAsync(address);
        await Expect(phone.Locator("[data-testid='signature-approved']")).ToContainTextAsync(Leader.FullName);
        await Shot(phone, "phone-viewer");
        await AssertNoHorizontalOverflowAsync(phone, "viewer");

        // A revision, then the history with its diff.
        await WaitForInteractiveAsync(phone);
        await phone.Locator("[data-testid='view-revise']").ClickAsync();
        await IsoBrowser.FillAndLeaveAsync(phone.Locator("textarea[data-testid='revise-summary']"), "Bổ sung bước trả kết quả");
        await phone.Locator("[data-testid='revise-confirm']").ClickAsync();
        await Expect(phone.Locator("h1")).ToHaveTextAsync("Soạn thảo QT-05");
        var revised = phone.Locator("textarea[data-testid='editor-markdown']");
        await revised.FillAsync(Procedure.Replace("| 2 | Giải quyết | Chuyên viên | 5 ngày |", "| 2 | Giải quyết | Chuyên viên | 4 ngày |\n| 3 | Trả kết quả | Một cửa | 0,5 ngày |", StringComparison.Ordinal));
        await Expect(phone.Locator("[data-testid='editor-preview']")).ToContainTextAsync("Trả kết quả");
        await Shot(phone, "phone-editor");
        await phone.Locator("[data-testid='editor-save']").ClickAsync();
        await phone.GotoAsync(address + "/lich-su");
        await Expect(phone.Locator("[data-testid='diff']")).ToContainTextAsync("4 ngày");
        await Shot(phone, "phone-history");
        var desktopHistory = await NewPageAsync(browser, server, 1366, 900);
        await SignInAsync(desktopHistory, Officer);
        await desktopHistory.GotoAsync(address + "/lich-su");
        await Expect(desktopHistory.Locator("[data-testid='diff'] [data-kind='Inserted']").First).ToBeVisibleAsync();
        await Shot(desktopHistory, "desktop-history");

        // The officer's document tasks (reviews and legal changes) on both widths.
        await desktopHistory.GotoAsync("/tai-lieu/viec");
        await Expect(desktopHistory.Locator("h1")).ToHaveTextAsync("Việc tài liệu");
        await Expect(desktopHistory.Locator("[data-testid='tasks-table']")).ToBeVisibleAsync();
        await Shot(desktopHistory, "desktop-tasks");
        await phone.GotoAsync("/tai-lieu/viec");
        await Expect(phone.Locator("h1")).ToHaveTextAsync("Việc tài liệu");
        await Shot(phone, "phone-tasks");
        await AssertNoHorizontalOverflowAsync(phone, "document tasks");
    }

    private const string Procedure = """
        ## 1. Mục đích

        Quy định việc kiểm soát hồ sơ của Hệ thống quản lý chất lượng theo [[QT-99]].

        ## 5. Nội dung quy trình

        | Bước | Công việc | Trách nhiệm | Thời gian |
        |---|---|---|---|
        | 1 | Tiếp nhận | Một cửa | 0,5 ngày |
        | 2 | Giải quyết | Chuyên viên | 5 ngày |

        - [x] Lập danh mục hồ sơ
        - [ ] Lưu trữ[^1]

        [^1]: Theo Luật Lưu trữ.
        """;

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
        // Home greets, or takes a person who handles cases on to their inbox.
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
        await page.ScreenshotAsync(new() { Path = Path.Combine(IsoBrowser.ScreenshotDirectory(), "documents-" + name + ".png"), FullPage = true });
}
