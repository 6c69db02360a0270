using Iso.Data.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests.Organisation;

/// <summary>An administrator merges the two demo wards into a new one from the organisation page, seeing first what will
/// move; the ended ward stays visible with its dates and its successor. Screenshots at 1366 and 390 px.</summary>
public sealed class OrganisationMergeTests
{
    private static readonly DemoAccount Administrator = DemoAccounts.Administrator;

    [Fact]
    public async Task Administrator_MergesTwoWards_AfterSeeingWhatMoves_AndTheEndedWardPointsToItsSuccessor()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });

        await page.GotoAsync("/to-chuc");
        await page.FillAsync("#login-username", Administrator.UserName);
        await page.FillAsync("#login-password", DemoAccounts.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cơ cấu tổ chức");
        await Expect(page.Locator("[data-interactive='true']")).ToHaveCountAsync(1);

        await page.Locator("[data-agency='NGHIADUC']").ClickAsync();
        await Expect(page.Locator("[data-testid='org-selected']")).ToHaveTextAsync("UBND phường Nghĩa Đức");
        await page.Locator("[data-testid='org-merge']").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.Locator("[data-testid='merge-predecessors']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "UBND phường Nghĩa Thành" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        // The choice is back from the server (rendered there) before the next field is typed; the select's late
        // re-focusing of itself is handled by FillAndLeaveAsync.
        await Expect(dialog.GetByRole(AriaRole.Combobox, new() { Name = "Các cơ quan được hợp nhất" })).ToHaveValueAsync("NGHIADUC, NGHIATHANH");
        await IsoBrowser.FillAndLeaveAsync(dialog.GetByLabel("Mã cơ quan mới"), "NAMGIANGHIA");
        await IsoBrowser.FillAndLeaveAsync(dialog.GetByLabel("Tên cơ quan mới"), "UBND phường Nam Gia Nghĩa");
        await IsoBrowser.FillAndLeaveAsync(dialog.GetByLabel("Hợp nhất từ ngày"), "01/07/2025");
        await page.Locator("[data-testid='merge-preview-button']").ClickAsync();

        var preview = page.Locator("[data-testid='merge-preview']");
        await Expect(preview).ToContainTextAsync("Sẽ chuyển sang UBND phường Nam Gia Nghĩa");
        var people = DemoAccounts.All.Count(a => a.AgencyCode is "NGHIADUC" or "NGHIATHANH");
        await Expect(preview).ToContainTextAsync($"{people} người");
        await Expect(preview).ToContainTextAsync("30/06/2025");
        await Shot(page, "i9org-merge-dialog-1366");
        await page.Locator("[data-testid='org-dialog-submit']").ClickAsync();

        await Expect(page.Locator("[data-testid='org-selected']")).ToHaveTextAsync("UBND phường Nam Gia Nghĩa");
        await Expect(page.Locator("[data-testid='org-predecessors']")).ToContainTextAsync("UBND phường Nghĩa Thành");
        await Expect(page.Locator("[data-testid='org-figures']")).ToContainTextAsync("Gồm cơ quan tiền thân (3 cơ quan)");
        await Shot(page, "i9org-successor-1366");
        await page.Locator("[data-agency='NGHIADUC']").ClickAsync();
        await Expect(page.Locator("[data-testid='org-ended']")).ToContainTextAsync("30/06/2025");
        await Expect(page.Locator("[data-testid='org-successor']")).ToHaveTextAsync("UBND phường Nam Gia Nghĩa");
        await Expect(page.Locator("[data-testid='org-actions']")).ToHaveCountAsync(0);
        await Shot(page, "i9org-ended-1366");

        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("[data-testid='org-ended']")).ToBeVisibleAsync();
        await Shot(page, "i9org-ended-390");
        await page.Locator("[data-testid='org-successor']").ClickAsync();
        await page.Locator("[data-testid='org-merge']").ClickAsync();
        await Expect(page.Locator("[data-testid='merge-preview-button']")).ToBeVisibleAsync();
        await Shot(page, "i9org-merge-dialog-390", fullPage: false);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The page is {width}px wide on a 390px phone.");
    }


    private static async Task Shot(IPage page, string name, bool fullPage = true)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(IsoBrowser.ScreenshotDirectory(), name + ".png"), FullPage = fullPage });
        Directory.CreateDirectory("/tmp/shots");
        await page.ScreenshotAsync(new() { Path = Path.Combine("/tmp/shots", name + ".png"), FullPage = fullPage });
    }
}
