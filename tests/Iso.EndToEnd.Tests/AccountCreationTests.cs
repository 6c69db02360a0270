using Iso.Data.Organisation;
using Iso.Data.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests;

/// <summary>Issue 9's path in a browser: an administrator creates an account, hands over the one-time password, and
/// the new person signs in with it, is made to choose their own password and then reaches the home page.</summary>
public sealed class AccountCreationTests
{
    private const string NewPassword = "Mat-khau-rieng-2026!";

    [Fact]
    public async Task Administrator_CreatesAnAccount_NewUserSignsInWithTheOneTimePassword_MustChangeIt_AndLandsHome()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        var ct = TestContext.Current.CancellationToken;
        // The agency, through the data layer (the organisation pages are another piece of work).
        var agencyCode = "E2E" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var agencyName = "Sở Thử nghiệm " + agencyCode;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var changes = scope.ServiceProvider.GetRequiredService<OrganisationChanges>();
            await changes.CreateAgencyAsync(new NewAgency(agencyCode, agencyName, null, "department", "DAKNONG", new DateOnly(2025, 7, 1)), ct);
            await changes.CreateUnitAsync(agencyCode, new NewUnit("VP", "Văn phòng Sở", new DateOnly(2025, 7, 1)), ct);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        var screenshots = IsoBrowser.ScreenshotDirectory();
        var userName = "moi." + Guid.NewGuid().ToString("N")[..6];

        await page.GotoAsync("/login?returnUrl=%2Fquan-tri%2Ftai-khoan");
        await page.FillAsync("#login-username", DemoAccounts.Administrator.UserName);
        await page.FillAsync("#login-password", DemoAccounts.Password);
        await page.ClickAsync("button[type=submit]");
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

        await Expect(page.Locator("h1")).ToContainTextAsync("Xin chào");
        await Expect(page.Locator("[data-testid='home-agency']")).ToHaveTextAsync(agencyName);
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {screenshots}");
    }
}
