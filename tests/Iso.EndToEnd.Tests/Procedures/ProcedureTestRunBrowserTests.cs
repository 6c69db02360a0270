using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Data.Seeding;
using Iso.Workflows.Calendar;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests.Procedures;

/// <summary>Issue 10's walk: a quality officer adopts <c>tthc-mot-cap</c>, changes a step's unit and time, disconnects a step
/// in the JSON and sees the problem, fixes it, test-runs it across the 30/04–03/05/2026 holidays and sees the due moments
/// <c>calendar due</c> computes, submits; the leader approves; a case started through the API runs on the new version.</summary>
public sealed class ProcedureTestRunBrowserTests
{
    [Fact]
    public async Task Officer_AdoptsEditsBreaksFixesTestRunsAcrossAHolidayAndSubmits_LeaderApproves_ACaseRunsOnIt()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var shots = IsoBrowser.ScreenshotDirectory();
        var key = "tthc-" + Guid.NewGuid().ToString("N")[..8];

        var officer = await SignInAsync(browser, server, DemoAccounts.QualityOfficer.UserName, 1366);
        await GoAsync(officer, "/quy-trinh/ap-dung/tthc-mot-cap");
        await IsoBrowser.FillAndLeaveAsync(officer.Locator("[data-testid='adopt-key'] input, input[data-testid='adopt-key']").First, key);
        await officer.ClickAsync("[data-testid='adopt-create']");
        await Expect(officer).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/quy-trinh/{key}/phien-ban/1$"));
        await Expect(officer.Locator("[data-testid='step-table']")).ToBeVisibleAsync();

        // A step's unit: the register step goes to the Office (Văn phòng Sở) instead of the clerks (Văn thư).
        await officer.Locator("[data-testid='step-unit-register']").ClickAsync();
        await officer.Locator(".mud-popover-open .mud-list-item:has-text('Văn phòng Sở')").ClickAsync();
        await Expect(officer.Locator("tr[data-step='register']")).ToContainTextAsync("Văn phòng Sở");
        // A step's time: examination 6 working days instead of 7.
        await IsoBrowser.FillAndLeaveAsync(officer.Locator("[data-testid='step-days-examine'] input, input[data-testid='step-days-examine']").First, "6");
        await officer.ClickAsync("[data-testid='version-save']");
        await Expect(officer.Locator("[data-testid='version-main-path']")).ToContainTextAsync("9");

        // Disconnect a step: approval now goes straight to delivery, so nothing reaches registering any more. The step table
        // writes the outcome's target into the definition; saving shows the validator's problem next to the step, in the
        // problems list and in the JSON.
        await officer.Locator("[data-testid='step-outcome-approve-approve']").ClickAsync();
        await officer.Locator(".mud-popover-open .mud-list-item:has-text('(deliver)')").ClickAsync();
        await officer.ClickAsync("[data-testid='version-save']");
        await Expect(officer.Locator("[data-testid='version-problems-summary']")).ToContainTextAsync("1 lỗi");
        await Expect(officer.Locator("tr[data-step='register']")).ToContainTextAsync("unreachable");
        await officer.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-disconnected-1366.png"), FullPage = true });
        await officer.Locator(".mud-tab:has-text('Vấn đề')").ClickAsync();
        await Expect(officer.Locator("[data-testid='version-problems']")).ToContainTextAsync("unreachable");
        await officer.Locator(".mud-tab:has-text('JSON')").ClickAsync();
        var json = await officer.Locator("[data-testid='version-json']").InputValueAsync();
        Assert.Contains("\"unit\": \"VP\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"to\": \"register\"", json, StringComparison.Ordinal);

        // Fix it in the step table and save.
        await officer.Locator(".mud-tab:has-text('Bảng bước')").ClickAsync();
        await officer.Locator("[data-testid='step-outcome-approve-approve']").ClickAsync();
        await officer.Locator(".mud-popover-open .mud-list-item:has-text('(register)')").ClickAsync();
        await officer.ClickAsync("[data-testid='version-save']");
        await Expect(officer.Locator("[data-testid='version-problems-summary']")).ToContainTextAsync("Không có lỗi");
        await Expect(officer.Locator("[data-testid='version-submit']")).ToBeEnabledAsync();

        // Test run, received at 14:00 on Wednesday 29/04/2026, the afternoon before 30/04–03/05.
        await officer.ClickAsync("[data-testid='version-test-run']");
        await Expect(officer).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/quy-trinh/{key}/phien-ban/1/chay-thu$"));
        await Expect(officer.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await Expect(officer.Locator("h1")).ToContainTextAsync("Chạy thử");
        await IsoBrowser.FillAndLeaveAsync(officer.Locator("[data-testid='test-run-received'] input, input[data-testid='test-run-received']").First, "29/04/2026 14:00");
        await officer.ClickAsync("[data-testid='test-run-default']");
        await Expect(officer.Locator("[data-testid='test-run-path']")).ToBeVisibleAsync();
        await Expect(officer.Locator("[data-testid='test-run-due-at']")).ToHaveTextAsync(Due("2026-04-29T14:00", "10", intake: true));
        var receiveDue = Due("2026-04-29T14:00", "0.5", intake: true);
        Assert.StartsWith("04/05/2026", receiveDue, StringComparison.Ordinal);
        await Expect(officer.Locator("[data-testid='test-run-due-1']")).ToHaveTextAsync(receiveDue);
        await Expect(officer.Locator("[data-testid='test-run-due-3']")).ToHaveTextAsync(Due(Iso(Due("2026-04-29T14:00", "1", intake: true)), "6", intake: false));
        await Expect(officer.Locator("[data-testid='test-run-verdict']")).ToContainTextAsync("Đúng hạn");
        await Expect(officer.Locator("[data-testid='test-run-verdict']")).ToContainTextAsync("(kết quả: đã giải quyết)");
        await officer.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-test-run-1366.png"), FullPage = true });

        // Step by step on a phone: the reception step offers its outcomes as buttons.
        await officer.SetViewportSizeAsync(390, 844);
        await officer.ClickAsync("[data-testid='test-run-stepwise']");
        await Expect(officer.Locator("[data-testid='test-run-waiting']")).ToContainTextAsync("Kiểm tra, tiếp nhận hồ sơ");
        await officer.ClickAsync("[data-testid='test-run-outcome-accept']");
        await Expect(officer.Locator("[data-testid='test-run-waiting']")).ToContainTextAsync("Phân công xử lý hồ sơ");
        await Expect(officer.Locator("[data-testid='test-run-due-1']")).ToHaveTextAsync(receiveDue);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-test-run-390.png"), FullPage = true });
        Assert.True(await officer.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await officer.SetViewportSizeAsync(1366, 900);

        // Submit; the leader approves.
        await GoAsync(officer, $"/quy-trinh/{key}/phien-ban/1");
        await officer.ClickAsync("[data-testid='version-submit']");
        await officer.Locator(".mud-dialog button:has-text('Trình duyệt')").ClickAsync();
        await Expect(officer.Locator("[data-status='submitted']").First).ToBeVisibleAsync();

        var leader = await SignInAsync(browser, server, DemoAccounts.Leader.UserName, 390);
        await GoAsync(leader, $"/quy-trinh/{key}/phien-ban/1");
        await IsoBrowser.FillAndLeaveAsync(leader.Locator("[data-testid='approve-number'] input, input[data-testid='approve-number']").First, "21/QĐ-UBND");
        await leader.ClickAsync("[data-testid='approve-run']");
        await leader.Locator(".mud-dialog button:has-text('Phê duyệt và ban hành')").ClickAsync();
        await Expect(leader.Locator("[data-status='published']").First).ToBeVisibleAsync();

        // A case started through the API runs on the new version, with the changed unit.
        using var api = new HttpClient { BaseAddress = server.BaseAddress };
        using var login = await api.PostAsJsonAsync("/api/v1/auth/login", new { userName = DemoAccounts.ReceptionStaff.UserName, password = DemoAccounts.Password }, Ct);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var started = await api.PostAsJsonAsync("/api/v1/cases", new { definitionKey = key, reference = "HS-" + key }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, started.StatusCode);
        var caseId = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("caseId").GetGuid();
        var details = await api.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);
        Assert.Equal(key, details.GetProperty("definitionKey").GetString());
        Assert.Equal(1, details.GetProperty("definitionVersion").GetInt32());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What <c>calendar due</c> prints (on the seeded, announced calendar), as the page shows it (dd/MM/yyyy HH:mm).</summary>
    private static string Due(string from, string days, bool intake)
    {
        var calendar = new WorkingCalendar(Options.Create(new WorkingCalendarOptions()), new PublishedHolidaysDataSource());
        var stdout = new StringWriter();
        string[] args = intake ? ["due", "--from", from, "--working-days", days, "--intake"] : ["due", "--from", from, "--working-days", days];
        Assert.Equal(0, CalendarCli.Run(args, calendar, stdout, new StringWriter()));
        return DateTime.ParseExact(stdout.ToString().Trim(), "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    }

    private static string Iso(string shown) =>
        DateTime.ParseExact(shown, "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static async Task GoAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, IsoAppServer server, string userName, int width)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#login-username", userName);
        await page.FillAsync("#login-password", DemoAccounts.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        return page;
    }
}
