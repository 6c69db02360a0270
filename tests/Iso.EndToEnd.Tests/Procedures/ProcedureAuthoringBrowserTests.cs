using Iso.Data.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests.Procedures;

/// <summary>A quality officer adopts a template in the browser, changes a step's time, saves and submits; a leader of the
/// same agency approves it; the procedure is then published. Screenshots at desktop and phone width.</summary>
public sealed class ProcedureAuthoringBrowserTests
{
    [Fact]
    public async Task Officer_AdoptsEditsAndSubmits_ThenTheLeaderApproves()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var shots = IsoBrowser.ScreenshotDirectory();
        var key = "tthc-" + Guid.NewGuid().ToString("N")[..8];

        var officer = await SignInAsync(browser, server, DemoAccounts.QualityOfficer.UserName, 1366);
        await GoAsync(officer, "/quy-trinh");
        await Expect(officer.Locator("h1")).ToHaveTextAsync("Quy trình");
        await Expect(officer.Locator("[data-testid='procedures-table']")).ToBeVisibleAsync();
        await officer.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-catalogue-1366.png"), FullPage = true });

        await GoAsync(officer, "/quy-trinh/ap-dung/tthc-mot-cap");
        await Expect(officer.Locator("h1")).ToHaveTextAsync("Áp dụng quy trình mẫu");
        // The interactive render loads the template again; typing before it has would be lost.
        await Expect(officer.Locator("[data-testid='adopt-create']")).ToBeEnabledAsync();
        await IsoBrowser.FillAndLeaveAsync(officer.Locator("[data-testid='adopt-key'] input, input[data-testid='adopt-key']").First, key);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-adopt-1366.png"), FullPage = true });
        await officer.ClickAsync("[data-testid='adopt-create']");

        await Expect(officer).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/quy-trinh/{key}/phien-ban/1$"));
        await Expect(officer.Locator("[data-testid='step-table']")).ToBeVisibleAsync();
        var days = officer.Locator("[data-testid='step-days-examine'] input, input[data-testid='step-days-examine']").First;
        await IsoBrowser.FillAndLeaveAsync(days, "6");
        await days.BlurAsync();
        await Expect(officer.Locator("[data-testid='version-time-flag']")).ToBeVisibleAsync();
        await officer.ClickAsync("[data-testid='version-save']");
        await Expect(officer.Locator("[data-testid='version-main-path']")).ToContainTextAsync("9");
        await officer.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-draft-1366.png"), FullPage = true });
        // The step table scrolls inside its panel: the page itself never gets wider than the window.
        Assert.True(await officer.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));

        await officer.ClickAsync("[data-testid='version-submit']");
        await officer.Locator(".mud-dialog button:has-text('Trình duyệt')").ClickAsync();
        await Expect(officer.Locator("[data-status='submitted']").First).ToBeVisibleAsync();

        var leader = await SignInAsync(browser, server, DemoAccounts.Leader.UserName, 390);
        await GoAsync(leader, $"/quy-trinh/{key}/phien-ban/1");
        await Expect(leader.Locator("[data-testid='version-approval']")).ToBeVisibleAsync();
        await IsoBrowser.FillAndLeaveAsync(leader.Locator("[data-testid='approve-number'] input, input[data-testid='approve-number']").First, "15/QĐ-STP");
        await leader.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-approve-390.png"), FullPage = true });
        await leader.ClickAsync("[data-testid='approve-run']");
        await leader.Locator(".mud-dialog button:has-text('Phê duyệt và ban hành')").ClickAsync();
        await Expect(leader.Locator("[data-status='published']").First).ToBeVisibleAsync();

        await GoAsync(leader, $"/quy-trinh/{key}");
        await Expect(leader.Locator("[data-testid='procedure-versions']")).ToContainTextAsync("15/QĐ-STP");
        await leader.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-procedure-390.png"), FullPage = true });
        await GoAsync(leader, "/quy-trinh");
        await Expect(leader.Locator("h1")).ToHaveTextAsync("Quy trình");
        await leader.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-catalogue-390.png"), FullPage = true });

        await GoAsync(officer, "/thu-tuc-hanh-chinh");
        await Expect(officer.Locator("[data-testid='tthc-coverage']")).ToBeVisibleAsync();
        await officer.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-tthc-1366.png"), FullPage = true });
        await GoAsync(officer, $"/quy-trinh/{key}/phien-ban/1");
        await Expect(officer.Locator("[data-status='published']").First).ToBeVisibleAsync();
        await officer.SetViewportSizeAsync(390, 844);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-published-390.png"), FullPage = true });
    }

    /// <summary>Opens a page and waits until it is interactive (a prerendered page would lose what is typed into it).</summary>
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
