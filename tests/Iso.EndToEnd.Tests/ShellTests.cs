using System.Text.Json;
using System.Text.RegularExpressions;
using Iso.Data.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests;

/// <summary>The shell (app bar, drawer, user menu, focus after navigation) at phone and desktop widths, in the real app.</summary>
public sealed partial class ShellTests
{
    private static readonly DemoAccount Administrator = DemoAccounts.Administrator;

    [Fact]
    public async Task Shell_OnAPhone_FitsTheScreen_AndKeepsUserLanguageAndLogoutInTheUserMenu()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new()
        {
            BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });

        await page.GotoAsync("/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đăng nhập");
        await Shot(page, "phone-login");
        await AssertNoHorizontalOverflowAsync(page, "login");
        await SignInAsync(page);
        await Shot(page, "phone-home");
        await AssertNoHorizontalOverflowAsync(page, "home");

        // The drawer starts closed and overlays the page; the app bar keeps the user's button inside the screen.
        await Expect(page.Locator("#iso-nav a[href='to-chuc']")).Not.ToBeVisibleAsync();
        var userButton = page.Locator("[data-testid='user-menu']");
        await Expect(userButton).ToBeVisibleAsync();
        var box = await userButton.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X + box.Width <= 390, $"The user's button ends at {box.X + box.Width}px, past the 390px screen.");

        // Name, agency, the language switch and logout are one tap away.
        await userButton.ClickAsync();
        var who = page.Locator("[data-testid='user-menu-who']");
        await Expect(who).ToContainTextAsync(Administrator.FullName);
        await Expect(who).ToContainTextAsync(Administrator.AgencyName);
        await Expect(page.Locator("[data-testid='user-menu-panel'] a[lang='en']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='logout']")).ToBeVisibleAsync();
        await Shot(page, "phone-user-menu");
        await AssertInsideViewportAsync(page, "[data-testid='user-menu-panel']", 390);
        await page.Keyboard.PressAsync("Escape");
        await Expect(who).Not.ToBeVisibleAsync();
        await Expect(userButton).ToBeFocusedAsync();

        // Navigating from the drawer: it closes, the heading takes focus (for screen readers) without a frame.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ẩn/hiện menu" }).ClickAsync();
        await page.Locator("#iso-nav a[href='to-chuc']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cơ cấu tổ chức");
        await Expect(page.Locator("#iso-nav a[href='to-chuc']")).Not.ToBeInViewportAsync();
        await Expect(page.Locator("#iso-nav a[href='to-chuc']")).Not.ToBeVisibleAsync();
        await AssertHeadingFocusedWithoutOutlineAsync(page);
        await page.Locator($"[data-agency='{Administrator.AgencyCode}']").ClickAsync();
        await Expect(page.Locator("[data-testid='org-people'] tbody tr").First).ToBeVisibleAsync();
        await Shot(page, "phone-organisation");
        await AssertNoHorizontalOverflowAsync(page, "organisation");

        // The same by keyboard: a keyboard-started navigation must not put a frame on the heading either.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ẩn/hiện menu" }).ClickAsync();
        await Expect(page.Locator("#iso-nav a[href='quan-tri/tai-khoan']")).ToBeInViewportAsync();
        await page.Locator("#iso-nav a[href='quan-tri/tai-khoan']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tài khoản người dùng");
        await AssertHeadingFocusedWithoutOutlineAsync(page);
        await Expect(page.Locator("[data-testid='accounts'] tbody tr").First).ToBeVisibleAsync();
        // On a phone each row is a card whose cells carry their column's name.
        await Expect(page.Locator("[data-testid='accounts'] td[data-label='Tên đăng nhập']").First).ToBeVisibleAsync();
        await Shot(page, "phone-accounts");
        await AssertNoHorizontalOverflowAsync(page, "accounts");

        await AssertTabFocusIsVisibleAsync(page, "phone-focus-skip-link");

        // Home loads its data after the first render; its heading is there from the start, so focus still lands on it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ẩn/hiện menu" }).ClickAsync();
        await page.Locator("#iso-nav a[href='']").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Xin chào");
        await AssertHeadingFocusedWithoutOutlineAsync(page);

        await page.GotoAsync("/khong-co-trang-nay");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Không tìm thấy trang");
        await Shot(page, "phone-not-found");
        await AssertNoHorizontalOverflowAsync(page, "not found");

        await page.GotoAsync("/");
        await WaitForInteractiveAsync(page);
        await page.Locator("[data-testid='user-menu']").ClickAsync();
        await page.Locator("[data-testid='logout']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đăng nhập");
        await page.GotoAsync("/to-chuc");
        await Expect(page).ToHaveURLAsync(LoginUrl());
    }

    [Fact]
    public async Task Shell_OnADesktop_DocksTheDrawer_ShowsTheUserAndLanguage_AndFocusesTheHeadingWithoutAFrame()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 768 } });

        await page.GotoAsync("/");
        await AssertNoHorizontalOverflowAsync(page, "login");
        await SignInAsync(page);
        await Shot(page, "desktop-home");
        await AssertNoHorizontalOverflowAsync(page, "home");

        await Expect(page.Locator("#iso-nav a[href='to-chuc']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='user-menu']")).ToContainTextAsync(Administrator.FullName);
        await Expect(page.Locator("[data-testid='user-menu']")).ToContainTextAsync(Administrator.AgencyName);
        await Expect(page.Locator(".iso-appbar-language a[lang='en']")).ToBeVisibleAsync();

        await page.Locator("#iso-nav a[href='to-chuc']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cơ cấu tổ chức");
        await AssertHeadingFocusedWithoutOutlineAsync(page);
        // The docked drawer stays open after navigating.
        await Expect(page.Locator("#iso-nav a[href='to-chuc']")).ToBeVisibleAsync();
        await page.Locator($"[data-agency='{Administrator.AgencyCode}']").ClickAsync();
        await Expect(page.Locator("[data-testid='org-people'] tbody tr").First).ToBeVisibleAsync();
        await Shot(page, "desktop-organisation");
        await AssertNoHorizontalOverflowAsync(page, "organisation");

        await page.Locator("#iso-nav a[href='quan-tri/tai-khoan']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tài khoản người dùng");
        await AssertHeadingFocusedWithoutOutlineAsync(page);
        await Expect(page.Locator("[data-testid='accounts'] tbody tr").First).ToBeVisibleAsync();
        await Shot(page, "desktop-accounts");
        await AssertNoHorizontalOverflowAsync(page, "accounts");

        await AssertTabFocusIsVisibleAsync(page, "desktop-focus-skip-link");

        await page.Locator("[data-testid='user-menu']").ClickAsync();
        await page.Locator("[data-testid='logout']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đăng nhập");
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.FillAsync("#login-username", Administrator.UserName);
        await page.FillAsync("#login-password", DemoAccounts.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToContainTextAsync("Xin chào");
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Buttons answer only once the circuit is up; the layout says so on its root.</summary>
    private static Task WaitForInteractiveAsync(IPage page) =>
        Expect(page.Locator(".mud-layout[data-interactive='true']")).ToHaveCountAsync(1);

    private static async Task AssertNoHorizontalOverflowAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"The {what} page scrolls sideways: content {widths[0]}px wide in a {widths[1]}px window.");
    }

    private static async Task AssertInsideViewportAsync(IPage page, string selector, int width)
    {
        var box = await page.Locator(selector).BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"{selector} spans {box.X}..{box.X + box.Width}px, outside the {width}px screen.");
    }

    private static async Task AssertHeadingFocusedWithoutOutlineAsync(IPage page)
    {
        await Expect(page.Locator("h1")).ToBeFocusedAsync();
        var focus = await FocusedAsync(page);
        Assert.Equal("H1", focus.Tag);
        Assert.False(focus.HasOutline, $"The focused heading shows an outline: {focus}.");
    }

    /// <summary>Tab from the skip link (the first stop on every page) reaches the menu button, Shift+Tab goes back: both show a ring.</summary>
    private static async Task AssertTabFocusIsVisibleAsync(IPage page, string shotName)
    {
        await page.Locator(".iso-skip-link").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        var button = await FocusedAsync(page);
        Assert.Equal("BUTTON", button.Tag);
        Assert.True(button.HasOutline, $"A Tab-focused button shows no focus ring: {button}.");
        await Shot(page, shotName.Replace("skip-link", "button", StringComparison.Ordinal));

        await page.Keyboard.PressAsync("Shift+Tab");
        var skip = await FocusedAsync(page);
        Assert.Contains("iso-skip-link", skip.Class, StringComparison.Ordinal);
        Assert.True(skip.HasOutline && skip.InViewport, $"The skip link is not visible when focused: {skip}.");
        await Shot(page, shotName);

        // The skip link moves keyboard focus into the page: the next Tab lands inside <main>, not back in the app bar.
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#iso-main")).ToBeFocusedAsync();
        var main = await FocusedAsync(page);
        Assert.False(main.HasOutline, $"The main region shows an outline after the skip link: {main}.");
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('iso-main').contains(document.activeElement)"),
            $"After the skip link, Tab went to {await FocusedAsync(page)}.");
    }

    private static async Task<Focused> FocusedAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            () => {
              const e = document.activeElement;
              const s = getComputedStyle(e);
              const r = e.getBoundingClientRect();
              return { tag: e.tagName, id: e.id || '', cls: e.className?.toString() ?? '', outlineStyle: s.outlineStyle,
                       outlineWidth: parseFloat(s.outlineWidth) || 0, inViewport: r.top >= 0 && r.bottom <= innerHeight && r.width > 0 };
            }
            """);
        return new Focused(
            json.GetProperty("tag").GetString()!, json.GetProperty("id").GetString()!, json.GetProperty("cls").GetString()!,
            json.GetProperty("outlineStyle").GetString()!, json.GetProperty("outlineWidth").GetDouble(), json.GetProperty("inViewport").GetBoolean());
    }

    private static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(IsoBrowser.ScreenshotDirectory(), name + ".png"), FullPage = true });

    [GeneratedRegex("/login\\?ReturnUrl=")]
    private static partial Regex LoginUrl();

    private sealed record Focused(string Tag, string Id, string Class, string OutlineStyle, double OutlineWidth, bool InViewport)
    {
        public bool HasOutline => OutlineStyle != "none" && OutlineWidth > 0;
    }
}
