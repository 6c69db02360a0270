using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

// Issue 12's circuit target: 300 open inbox pages (Blazor Server circuits) cost under 500 KB of server memory each.
// Against a running app started with this assembly as its startup hook (DOTNET_STARTUP_HOOKS, ISO_GC_PROBE=DIR; see
// bench/load/circuits.sh): signs in with headless Chromium in a few browser contexts, measures the app's GC heap after
// full collections, opens N pages of PATH (each its own circuit), waits until each is interactive, measures again.
// Usage: Iso.Cases.Circuits <base-url> --probe DIR [--pages 300] [--contexts 6] [--path /viec-cua-toi] [--user motcua.stp] [--cases 30] [--hold SECONDS]
var baseUrl = "http://127.0.0.1:5092";
string? probe = null;
int pages = 300, contexts = 6, cases = 30, hold = 0;
string? screenshots = null;
var path = "/viec-cua-toi";
var user = "motcua.stp";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--probe": probe = args[++i]; break;
        case "--pages": pages = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--contexts": contexts = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--cases": cases = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--path": path = args[++i]; break;
        case "--screenshots": screenshots = args[++i]; break;
        case "--hold": hold = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--user": user = args[++i]; break;
        default: baseUrl = args[i]; break;
    }
}

ArgumentNullException.ThrowIfNull(probe, "--probe");
const string Password = "Demo@2026";

// Work in the inbox: N cases of the agency, so the page shows a full first page of tasks (20 rows) and a pager.
using (var http = new HttpClient { BaseAddress = new Uri(baseUrl) })
{
    using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password = Password });
    login.EnsureSuccessStatusCode();
    var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var inbox = await http.GetAsync("/api/v1/tasks?pageSize=1");
    var existing = int.Parse(inbox.Headers.GetValues("X-Total-Count").First(), CultureInfo.InvariantCulture);
    for (var i = existing; i < cases; i++)
    {
        using var started = await http.PostAsJsonAsync("/api/v1/cases", new { definitionKey = "tthc-mot-cap", reference = $"CIRCUIT-{i}" });
        started.EnsureSuccessStatusCode();
    }
}

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--renderer-process-limit=8", "--disable-renderer-backgrounding",
        "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
    ],
});

var browserContexts = new List<IBrowserContext>();
for (var c = 0; c < contexts; c++)
{
    var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, Locale = "vi-VN", ViewportSize = new() { Width = 1366, Height = 900 } });
    var page = await context.NewPageAsync();
    if (c == 0)
    {
        page.Console += (_, message) => { if (message.Type is "error" or "warning") Console.Error.WriteLine($"browser {message.Type}: {message.Text}"); };
    }

    await page.GotoAsync("/login");
    await page.FillAsync("#login-username", user);
    await page.FillAsync("#login-password", Password);
    await page.ClickAsync("button[type=submit]");
    await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.OrdinalIgnoreCase), new() { Timeout = 60_000 });
    // Warm-up: the page once, interactive, then closed (its circuit ends with the page's unload beacon).
    await OpenAsync(page);
    await page.CloseAsync(new() { RunBeforeUnload = true });
    browserContexts.Add(context);
}

await Task.Delay(TimeSpan.FromSeconds(5));
var before = await MeasureAsync();
Console.WriteLine($"before: {before}");

var watch = Stopwatch.StartNew();
var opened = new List<IPage>();
var gate = new SemaphoreSlim(6);
var tasks = Enumerable.Range(0, pages).Select(async n =>
{
    await gate.WaitAsync();
    try
    {
        var page = await browserContexts[n % contexts].NewPageAsync();
        await OpenAsync(page);
        lock (opened)
        {
            opened.Add(page);
        }
    }
    finally
    {
        gate.Release();
    }
});
await Task.WhenAll(tasks);
Console.WriteLine($"{opened.Count} pages of {path} open and interactive in {watch.Elapsed.TotalSeconds:0.0} s");
await Task.Delay(TimeSpan.FromSeconds(10));
var after = await MeasureAsync();
Console.WriteLine($"after:  {after}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"per circuit: GC heap {(after.Heap - before.Heap) / 1024.0 / opened.Count:0} KB, working set {(after.WorkingSet - before.WorkingSet) / 1024.0 / opened.Count:0} KB ({opened.Count} circuits of {path})"));

if (hold > 0)
{
    // Time for a heap snapshot of the app with every circuit open (dotnet-gcdump collect -p PID).
    Console.WriteLine($"holding the pages open for {hold} s");
    await Task.Delay(TimeSpan.FromSeconds(hold));
}

if (screenshots is not null)
{
    // A look at the page as measured, at desktop width and on a phone (390 px).
    Directory.CreateDirectory(screenshots);
    var look = opened[0];
    await look.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "inbox-desktop.png"), FullPage = true });
    // The page's markup as the browser holds it, to compare before and after a change of its components.
    await File.WriteAllTextAsync(Path.Combine(screenshots, "inbox.html"), await look.ContentAsync());
    await look.SetViewportSizeAsync(390, 844);
    await look.WaitForTimeoutAsync(500);
    await look.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "inbox-390.png"), FullPage = true });
    // The first screen of the phone (filters, first rows) and the end of the list (the pager), readable at a glance.
    await look.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "inbox-390-top.png") });
    await look.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
    await look.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "inbox-390-end.png") });
    await look.SetViewportSizeAsync(1366, 900);
}

// Still alive? One of the pages reacts to a click after the measurement (the circuits were not dropped).
var last = opened[^1];
await last.ReloadAsync();
await OpenAsync(last);
Console.WriteLine("a page still works after the measurement");
return 0;

async Task OpenAsync(IPage page)
{
    await page.GotoAsync(path, new() { Timeout = 120_000 });
    // Interactive: the layout says so once the circuit is up (data-interactive, as the browser tests wait for it), and the
    // page's content is there (the inbox's table or its empty state, else the heading).
    await page.WaitForSelectorAsync(".mud-layout[data-interactive='true']", new() { Timeout = 120_000 });
    await page.WaitForSelectorAsync(path.StartsWith("/viec-cua-toi", StringComparison.Ordinal) ? "[data-testid=inbox-table], [data-testid=inbox-empty]" : "h1", new() { Timeout = 120_000 });
    await page.WaitForTimeoutAsync(300);
}

async Task<Memory> MeasureAsync()
{
    var response = Path.Combine(probe!, "response");
    File.Delete(response);
    await File.WriteAllTextAsync(Path.Combine(probe!, "request"), "gc");
    for (var i = 0; i < 600 && !File.Exists(response); i++)
    {
        await Task.Delay(100);
    }

    var parts = (await File.ReadAllTextAsync(response)).Split(' ').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
    return new Memory(parts[0], parts[1]);
}

internal sealed record Memory(long Heap, long WorkingSet)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"GC heap {Heap / 1048576.0:0.0} MB, working set {WorkingSet / 1048576.0:0.0} MB");
}
