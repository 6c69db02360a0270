using Iso.Data.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests.Procedures;

/// <summary>The editor's flowchart in the browser: a quality officer adopts a template, opens the chart, selects a step
/// (the step editor opens beside it) and drags a node; the dropped position is kept after a reload. Screenshots at
/// desktop and phone width.</summary>
public sealed class ProcedureFlowchartBrowserTests
{
    [Fact]
    public async Task Officer_OpensTheChart_SelectsAStep_AndAMovedNodeStaysWhereItWasDropped()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var shots = IsoBrowser.ScreenshotDirectory();
        var key = "tthc-" + Guid.NewGuid().ToString("N")[..8];

        var context = await browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#login-username", DemoAccounts.QualityOfficer.UserName);
        await page.FillAsync("#login-password", DemoAccounts.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();

        await page.GotoAsync("/quy-trinh/ap-dung/tthc-mot-cap");
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await IsoBrowser.FillAndLeaveAsync(page.Locator("[data-testid='adopt-key'] input, input[data-testid='adopt-key']").First, key);
        await page.ClickAsync("[data-testid='adopt-create']");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/quy-trinh/{key}/phien-ban/1$"));

        await page.Locator(".mud-tab:has-text('Sơ đồ')").ClickAsync();
        await Expect(page.Locator("[data-node='receive']")).ToBeVisibleAsync();
        await page.Locator("[data-node='examine']").ClickAsync();
        await Expect(page.Locator("[data-testid='step-editor']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-flowchart-1366.png"), FullPage = true });

        var original = await page.Locator("[data-node='assign']").GetAttributeAsync("data-x");
        var box = (await page.Locator("[data-node='assign']").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width / 2) + 120, box.Y + (box.Height / 2) + 10, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Expect(page.Locator("[data-node='assign']")).Not.ToHaveAttributeAsync("data-x", original!);
        var movedX = await page.Locator("[data-node='assign']").GetAttributeAsync("data-x");

        await page.ReloadAsync();
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await page.Locator(".mud-tab:has-text('Sơ đồ')").ClickAsync();
        await Expect(page.Locator("[data-node='assign']")).ToHaveAttributeAsync("data-x", movedX!);

        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "i10-flowchart-390.png"), FullPage = true });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
    }
}
