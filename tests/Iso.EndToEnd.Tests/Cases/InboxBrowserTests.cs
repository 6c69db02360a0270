using System.Text.Json;
using Iso.Data.Identity;
using Iso.Data.Seeding;
using Iso.Web.Application;
using Iso.Web.Cases;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests.Cases;

/// <summary>A reception clerk's day in the browser, on a phone and on a desktop: home is the inbox, the most urgent task
/// opens, completing it opens the next one, and the bell counts the new work.</summary>
public sealed class InboxBrowserTests
{
    private static readonly DemoAccount Clerk = DemoAccounts.ReceptionStaff;

    [Theory]
    [InlineData(390, 844, "phone")]
    [InlineData(1366, 900, "desktop")]
    public async Task Clerk_LandsOnTheInbox_OpensTheMostUrgentTask_AndCompletingItOpensTheNext(int width, int height, string name)
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        await StartCasesAsync(server, 3);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new()
        {
            BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, IsMobile = width < 600, HasTouch = width < 600,
        });

        await page.GotoAsync("/");
        await page.FillAsync("#login-username", Clerk.UserName);
        await page.FillAsync("#login-password", DemoAccounts.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Việc của tôi");
        await Expect(page.Locator(".mud-layout[data-interactive='true']")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid='inbox-task']")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-testid='due']").First).ToContainTextAsync("Hạn:");
        await Expect(page.Locator("[data-testid='bell-badge'] .mud-badge")).ToContainTextAsync("3");
        await AssertNoHorizontalOverflowAsync(page, "inbox");
        await Shot(page, $"{name}-inbox");

        // The received dates are typed dd/MM/yyyy whatever the browser's language; what is wrong is said next to the field.
        await page.FillAsync("#inbox-from", "31/02/2026");
        await page.PressAsync("#inbox-from", "Tab");
        await Expect(page.Locator("#inbox-from-error")).ToHaveTextAsync("Tháng 02/2026 không có ngày 31: tháng này có 28 ngày.");
        await Expect(page.Locator("#inbox-from")).ToHaveAttributeAsync("aria-invalid", "true");
        await Shot(page, $"{name}-inbox-date-error");
        await page.FillAsync("#inbox-from", "01/01/2026");
        await page.PressAsync("#inbox-from", "Tab");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("receivedFrom=2026-01-01$"));
        await Expect(page.Locator("#inbox-from-error")).ToHaveCountAsync(0);
        await Expect(page.Locator("#inbox-from")).ToHaveValueAsync("01/01/2026");
        await Expect(page.Locator("[data-testid='inbox-task']")).ToHaveCountAsync(3);
        await AssertNoHorizontalOverflowAsync(page, "filtered inbox");

        await page.Locator("[data-testid='bell']").ClickAsync();
        await Expect(page.Locator("[data-testid='bell-item']")).ToHaveCountAsync(3);
        await Shot(page, $"{name}-bell");
        await page.Keyboard.PressAsync("Escape");

        var first = await page.Locator("[data-testid='inbox-task']").First.GetAttributeAsync("data-task-id");
        await page.Locator("[data-testid='inbox-open-next']").ClickAsync();
        await Expect(page.Locator("[data-testid='task-title']")).ToHaveTextAsync("Kiểm tra, tiếp nhận hồ sơ");
        await Expect(page.Locator("[data-testid='task-instructions'] strong").First).ToHaveTextAsync("Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
        Assert.EndsWith($"/viec/{first}", page.Url, StringComparison.Ordinal);
        await AssertNoHorizontalOverflowAsync(page, "task");
        await Shot(page, $"{name}-task");

        // A refusal needs a comment: said next to the box, nothing sent.
        await page.Locator("[data-outcome='refuse']").ClickAsync();
        await Expect(page.GetByText("Chọn “Từ chối tiếp nhận” cần ghi ý kiến.")).ToBeVisibleAsync();
        await Shot(page, $"{name}-task-comment-required");

        await page.Locator("[data-outcome='accept']").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{first}$"));
        await Expect(page.Locator("[data-testid='task-title']")).ToHaveTextAsync("Kiểm tra, tiếp nhận hồ sơ");
        await page.Locator("[data-testid='task-back']").ClickAsync();
        await Expect(page.Locator("[data-testid='inbox-task']")).ToHaveCountAsync(2);
    }

    /// <summary>Cases received by the clerk, with the receipt number and applicant already entered.</summary>
    private static async Task StartCasesAsync(IsoAppServer server, int count)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>().FindByNameAsync(Clerk.UserName))!;
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<IsoUser>>().CreateAsync(user);
        var caller = await scope.ServiceProvider.GetRequiredService<CallerFactory>().CreateAsync(principal);
        for (var i = 1; i <= count; i++)
        {
            var variables = new Dictionary<string, JsonElement>
            {
                ["receiptNo"] = JsonSerializer.SerializeToElement($"000.00.15.H01-261201-000{i}"),
                ["applicantName"] = JsonSerializer.SerializeToElement(i == 1 ? "Nguyễn Thị Bích" : $"Công ty TNHH Minh An {i}"),
            };
            var started = await scope.ServiceProvider.GetRequiredService<StartCase>()
                .HandleAsync(caller, new StartCaseRequest("tthc-mot-cap", $"000.00.15.H01-261201-000{i}", variables));
            Assert.True(started.Succeeded, started.Problem?.ToString());
        }
    }

    private static async Task AssertNoHorizontalOverflowAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"The {what} page scrolls sideways: content {widths[0]}px wide in a {widths[1]}px window.");
    }

    private static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(IsoBrowser.ScreenshotDirectory(), "inbox-" + name + ".png"), FullPage = true });
}
