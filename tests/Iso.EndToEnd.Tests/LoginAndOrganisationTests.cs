using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests;

public sealed class LoginAndOrganisationTests
{
    [Fact]
    public async Task DemoUser_LogsIn_SeesVietnameseHome_AndOpensTheOrganisationTree()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        // An English browser must still get the Vietnamese UI: the product only follows the person's explicit choice.
        var page = await browser.NewPageAsync(new() { BaseURL = server.BaseAddress.ToString(), Locale = "en-US", ViewportSize = new() { Width = 1366, Height = 900 } });
        var screenshots = IsoBrowser.ScreenshotDirectory();

        await page.GotoAsync("/to-chuc");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fto-chuc", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đăng nhập");

        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "login.png") });
        await page.FillAsync("#login-username", DemoLogin.UserName);
        await page.FillAsync("#login-password", DemoLogin.Password);
        await page.ClickAsync("button[type=submit]");

        // Back where the person wanted to go, then to the home page.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cơ cấu tổ chức");
        await page.GotoAsync("/");
        await Expect(page.Locator("h1")).ToContainTextAsync("Xin chào");
        await Expect(page.Locator("[data-testid='home-agency']")).ToHaveTextAsync(DemoLogin.AgencyName);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "home.png"), FullPage = true });

        await page.ClickAsync("a[href='to-chuc']");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cơ cấu tổ chức");
        await Expect(page.Locator("[data-agency]").First).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-agency='{DemoLogin.SecondAgencyCode}']")).ToBeVisibleAsync();
        await page.Locator($"[data-agency='{DemoLogin.SecondAgencyCode}']").ClickAsync();
        await Expect(page.Locator("[data-testid='org-people'] tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "organisation.png"), FullPage = true });

        // Logout is a POST with an antiforgery token; afterwards pages need a new sign-in.
        await page.ClickAsync("[data-testid='user-menu']");
        await page.ClickAsync("[data-testid='logout']");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đăng nhập");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {screenshots}");
    }
}
