using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests;

public sealed class LoginAndOrganisationTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task DemoUser_LogsIn_SeesVietnameseHome_AndOpensTheOrganisationTree()
    {
        RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        // An English browser must still get the Vietnamese UI: the product only follows the person's explicit choice.
        var page = await browser.NewPageAsync(new() { BaseURL = server.BaseAddress.ToString(), Locale = "en-US", ViewportSize = new() { Width = 1366, Height = 900 } });
        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

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
        await page.ClickAsync("form[action='account/logout'] button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đăng nhập");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {screenshots}");
    }

    /// <summary>Without Chromium the test is skipped with the reason, except in CI, where the browser must be there.</summary>
    private static void RequireChromium()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        var reason = $"Chromium is not installed at {ChromiumPath} (install it with 'apt-get install -y chromium').";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + " In CI the browser test must run.");
        }

        Assert.Skip(reason);
    }
}
