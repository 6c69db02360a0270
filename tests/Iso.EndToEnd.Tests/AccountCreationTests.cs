using Iso.Data.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests;

/// <summary>Issue 9's path in a browser: an administrator creates an agency with a unit and an account in it, hands over the one-time password, and
/// the new person signs in with it, is made to choose their own password and then reaches their work (the inbox).</summary>
public sealed class AccountCreationTests
{
    private const string NewPassword = "Mat-khau-rieng-2026!";


    [Fact]
    public async Task Administrator_CreatesAnAgencyAndAnAccount_NewUserSignsInWithTheOneTimePassword_MustChangeIt_AndReachesTheirWork()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        var agencyCode = "E2E" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var agencyName = "Sở Thử nghiệm " + agencyCode;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        var screenshots = IsoBrowser.ScreenshotDirectory();
        var userName = "moi." + Guid.NewGuid().ToString("N")[..6];

        // The administrator creates the agency and its unit on the organisation page.
        await page.GotoAsync("/login?returnUrl=%2Fto-chuc");
        await page.FillAsync("#login-username", DemoAccounts.Administrator.UserName);
        await page.FillAsync("#login-password", DemoAccounts.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cơ cấu tổ chức");
        await Expect(page.Locator("[data-interactive='true']")).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid='org-create']");
        var agencyDialog = page.Locator(".mud-dialog");
        await Expect(agencyDialog).ToBeVisibleAsync();
        await IsoBrowser.FillAndLeaveAsync(agencyDialog.GetByLabel("Mã", new() { Exact = true }), agencyCode);
        await IsoBrowser.FillAndLeaveAsync(agencyDialog.GetByLabel("Tên", new() { Exact = true }), agencyName);
        await agencyDialog.Locator("[data-testid='org-create-kind']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Sở/ngành" }).ClickAsync();
        await agencyDialog.Locator("[data-testid='org-create-parent']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "UBND tỉnh Đắk Nông" }).First.ClickAsync();
        await IsoBrowser.FillAndLeaveAsync(agencyDialog.GetByLabel("Hiệu lực từ ngày"), "01/07/2025");
        await page.ClickAsync("[data-testid='org-dialog-submit']");
        await Expect(page.Locator("[data-testid='org-selected']")).ToHaveTextAsync(agencyName);
        await page.ClickAsync("[data-testid='org-unit-add']");
        var unitDialog = page.Locator(".mud-dialog");
        await Expect(unitDialog).ToBeVisibleAsync();
        await IsoBrowser.FillAndLeaveAsync(unitDialog.GetByLabel("Mã", new() { Exact = true }), "VP");
        await IsoBrowser.FillAndLeaveAsync(unitDialog.GetByLabel("Tên", new() { Exact = true }), "Văn phòng Sở");
        await IsoBrowser.FillAndLeaveAsync(unitDialog.GetByLabel("Hiệu lực từ ngày"), "01/07/2025");
        await page.ClickAsync("[data-testid='org-dialog-submit']");
        await Expect(page.Locator("[data-testid='org-units']")).ToContainTextAsync("Văn phòng Sở");
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "agency-created.png"), FullPage = true });

        // Then the account, on the accounts page.
        await page.GotoAsync("/quan-tri/tai-khoan");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tài khoản người dùng");
        await Expect(page.Locator(".mud-layout[data-interactive='true']")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid='account-user-name']").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "accounts.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "accounts-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1366, 900);

        await page.ClickAsync("[data-testid='accounts-create']");
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.Locator("input[data-testid='account-user-name-input'], [data-testid='account-user-name-input'] input").FillAsync(userName);
        await dialog.Locator("input[data-testid='account-full-name'], [data-testid='account-full-name'] input").FillAsync("Nguyễn Thị Mới");
        await dialog.Locator("[data-testid='account-agency']").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText(agencyName, new() { Exact = true }).ClickAsync();
        await dialog.Locator("[data-testid='account-unit']").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Văn phòng Sở", new() { Exact = true }).ClickAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "account-create.png") });
        await dialog.Locator("[data-testid='account-save']").ClickAsync();

        var password = page.Locator("[data-testid='one-time-password']");
        await Expect(password).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='one-time-user-name']")).ToHaveTextAsync(userName);
        var oneTimePassword = (await password.TextContentAsync())!.Trim();
        Assert.Equal(16, oneTimePassword.Length);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "account-one-time-password.png") });
        await page.ClickAsync("[data-testid='one-time-done']");
        await page.ClickAsync("[data-testid='user-menu']");
        await page.ClickAsync("[data-testid='logout']");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đăng nhập");

        // The new person: the one-time password opens only the change-password page.
        await page.FillAsync("#login-username", userName);
        await page.FillAsync("#login-password", oneTimePassword);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đổi mật khẩu");
        await page.GotoAsync("/to-chuc");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đổi mật khẩu");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/doi-mat-khau\\?returnUrl=%2F$"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "change-password.png") });
        await page.FillAsync("#current-password", oneTimePassword);
        await page.FillAsync("#new-password", NewPassword);
        await page.FillAsync("#confirm-password", NewPassword);
        await page.ClickAsync("[data-testid='change-password-submit']");

        // Home takes a person who handles cases on to their work: the inbox, in the new agency.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Việc của tôi");
        await Expect(page.Locator("[data-testid='user-menu']")).ToContainTextAsync(agencyName);
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {screenshots}");
    }
}
