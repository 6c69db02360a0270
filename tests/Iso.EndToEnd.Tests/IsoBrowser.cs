using Microsoft.Playwright;

namespace Iso.EndToEnd.Tests;

/// <summary>Headless Chromium from the distribution (no browser download): skipped locally when missing, a failure in CI.</summary>
internal static class IsoBrowser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Expectations wait up to 20 s (Playwright's default is 5 s): on a cold 2-core CI machine running the
    /// other test assemblies at the same time, a first save (JIT, EF query compilation) can take longer than 5 s.</summary>
    public static readonly TimeSpan ExpectTimeout = TimeSpan.FromSeconds(20);

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assertions.SetDefaultExpectTimeout((float)ExpectTimeout.TotalMilliseconds);
        return playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>Without Chromium the test is skipped with the reason, except in CI, where the browser must be there.</summary>
    public static void RequireChromium()
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

    /// <summary>Where screenshots go: ISO_E2E_SCREENSHOTS when set (to look at them), else beside the test binaries.</summary>
    public static string ScreenshotDirectory() =>
        Directory.CreateDirectory(Environment.GetEnvironmentVariable("ISO_E2E_SCREENSHOTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    /// <summary>Types a value and leaves the field, then checks that the page still shows it. A MudSelect gives the focus
    /// back to itself after a choice through a call from the server that lands tens of milliseconds later; when it
    /// lands between Playwright's focusing this field and its typing, the text goes nowhere (the select's input is
    /// read-only) and the field is left empty. So the typing is repeated (at most five times) until the field holds
    /// the value (a choice and the Escape that closes a multiple select each send one such call); once typed, a later
    /// theft of the focus only commits it (the browser fires change, then blur).</summary>
    public static async Task FillAndLeaveAsync(ILocator field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        for (var attempt = 1; ; attempt++)
        {
            await field.FillAsync(value);
            if (await field.InputValueAsync() == value || attempt == 5)
            {
                break;
            }
        }

        await field.BlurAsync();
        await Assertions.Expect(field).ToHaveValueAsync(value);
    }
}
