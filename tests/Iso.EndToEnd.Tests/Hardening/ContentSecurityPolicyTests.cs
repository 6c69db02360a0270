using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests.Hardening;

/// <summary>The Content-Security-Policy in a real Chromium: the static login page, the interactive pages (Blazor's
/// WebSocket circuit, MudBlazor's scripts and styles) and logout work, and the browser reports no violation or error.</summary>
public sealed class ContentSecurityPolicyTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task InteractivePages_WorkUnderThePolicy_WithoutViolations()
    {
        IsoBrowser.RequireChromium();

        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning" || message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                problems.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");

        using var report = new Report(problems);
        // Anonymous pages render statically: a stranger has no circuit (the hub needs a signed-in person), so none may try one.
        foreach (var anonymous in new[] { "/not-found", "/status/404", "/status/429", "/tra-cuu" })
        {
            await page.GotoAsync(anonymous, new() { WaitUntil = WaitUntilState.NetworkIdle });
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        var response = await page.GotoAsync("/login");
        Assert.Contains("script-src 'self' 'sha256-", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await page.FillAsync("#login-username", DemoLogin.UserName);
        await page.FillAsync("#login-password", DemoLogin.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToContainTextAsync("Xin chào");

        // The organisation page is interactive: its circuit is a WebSocket to /_blazor, which connect-src 'self' allows.
        var circuit = await page.RunAndWaitForWebSocketAsync(() => page.GotoAsync("/to-chuc"), new() { Predicate = s => s.Url.Contains("/_blazor", StringComparison.Ordinal) });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cơ cấu tổ chức");
        // Opening an agency runs over the circuit; MudBlazor renders the people table.
        await Expect(page.Locator("[data-agency]").First).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-agency='{DemoLogin.SecondAgencyCode}']")).ToBeVisibleAsync();
        // A click on the prerendered tree before the circuit has attached its handlers is lost: wait for interactivity.
        await Expect(page.Locator(".mud-layout[data-interactive='true']")).ToHaveCountAsync(1);
        await page.Locator($"[data-agency='{DemoLogin.SecondAgencyCode}']").ClickAsync();
        await Expect(page.Locator("[data-testid='org-people'] tbody tr").First).ToBeVisibleAsync();

        Assert.False(circuit.IsClosed);

        await page.ClickAsync("[data-testid='user-menu']");
        await page.ClickAsync("[data-testid='logout']");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đăng nhập");

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Writes what the browser reported also when an expectation fails first: the reason is usually there.</summary>
    private sealed class Report(List<string> problems) : IDisposable
    {
        public void Dispose() => TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, problems));
    }
}
