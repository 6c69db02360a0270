using System.Text.RegularExpressions;
using Iso.Data.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests.Cases;

/// <summary>The one-stop desk receives a case in the browser with the keyboard, prints the receipt, opens the case page,
/// and a citizen looks the case up anonymously by its code; each page is looked at on a desktop and on a phone.</summary>
public sealed partial class ReceptionTests
{
    private static readonly DemoAccount Clerk = DemoAccounts.ReceptionStaff;

    [Fact]
    public async Task Reception_StartsACase_PrintsTheReceipt_AndTheCitizenLookupShowsIt()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        await using var desk = await browser.NewContextAsync(new()
        {
            BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 }, Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh",
        });
        var page = await desk.NewPageAsync();

        await page.GotoAsync("/login");
        await page.FillAsync("#login-username", Clerk.UserName);
        await page.FillAsync("#login-password", DemoAccounts.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator(".mud-layout[data-interactive='true']")).ToHaveCountAsync(1);
        await page.Locator("#iso-nav a[href='tiep-nhan']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tiếp nhận hồ sơ");
        await Expect(page.Locator("[data-testid='reception-appointment']")).ToHaveTextAsync(DateTimePattern());

        // The received moment is typed dd/MM/yyyy HH:mm whatever the browser's language; a wrong one is said next to it,
        // and no appointment is shown until it is right. Empty is now.
        await Expect(page.Locator("#reception-received")).ToHaveAttributeAsync("placeholder", "dd/MM/yyyy HH:mm");
        await page.FillAsync("#reception-received", "31/11/2026 09:00");
        await page.PressAsync("#reception-received", "Tab");
        await Expect(page.Locator("[data-testid='reception-received-error']")).ToHaveTextAsync("Tháng 11/2026 không có ngày 31: tháng này có 30 ngày.");
        await Expect(page.Locator("[data-testid='reception-appointment']")).ToHaveCountAsync(0);
        await page.FillAsync("#reception-received", "");
        await page.PressAsync("#reception-received", "Tab");
        await Expect(page.Locator("[data-testid='reception-received-error']")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid='reception-appointment']")).ToHaveTextAsync(DateTimePattern());

        // A scan of the first document (the mouse is needed only by the file chooser), then the keyboard alone.
        await page.Locator("[data-testid='document-file-0']").SetInputFilesAsync(new FilePayload
        {
            Name = "to-khai.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7\n%%EOF"u8.ToArray(),
        });
        await Expect(page.Locator(".iso-document-attached")).ToContainTextAsync("to-khai.pdf");
        await page.Locator("input[data-testid='applicant-name'], [data-testid='applicant-name'] input").FocusAsync();
        await page.Keyboard.TypeAsync("Nguyễn Thị Bích");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("079301001234");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("0912345678");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("12 Lê Duẩn, phường Nghĩa Đức, Gia Nghĩa");
        var appointment = await page.Locator("[data-testid='reception-appointment']").InnerTextAsync();
        await Shot(page, "reception-1366");
        await page.Keyboard.PressAsync("Enter");

        // The receipt: form 01 with the code, the applicant, the documents and the appointment shown before confirming.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
        var receipt = page.Locator("[data-testid='receipt']");
        await Expect(receipt).ToContainTextAsync("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
        await Expect(receipt).ToContainTextAsync("SỞ TƯ PHÁP");
        await Expect(receipt).ToContainTextAsync("Thông tư số 03/2025/TT-VPCP");
        await Expect(page.Locator("[data-testid='receipt-applicant']")).ToHaveTextAsync("Nguyễn Thị Bích");
        await Expect(page.Locator("[data-testid='receipt-clerk']")).ToHaveTextAsync(Clerk.FullName);
        // The preview counted from the moment it was shown; the case from the moment it was received, at most a few
        // minutes later on a slow machine: the same appointment, or as many minutes later (never earlier).
        await Expect(page.Locator("[data-testid='receipt-appointment']")).ToHaveTextAsync(DateTimePattern());
        var received = await page.Locator("[data-testid='receipt-appointment']").InnerTextAsync();
        var drift = ParseLocal(received) - ParseLocal(appointment);
        Assert.True(drift >= TimeSpan.Zero && drift <= TimeSpan.FromMinutes(5), $"preview {appointment}, receipt {received}");
        appointment = received;
        await Expect(receipt).ToContainTextAsync("Tờ khai (đơn) đề nghị giải quyết thủ tục hành chính theo mẫu");
        await Expect(receipt).ToContainTextAsync("10 ngày làm việc");
        var code = await page.Locator("[data-testid='receipt-code']").InnerTextAsync();
        Assert.Matches(CaseCode(), code);
        // Focus is on the heading after navigation; the print button is the next stop.
        await Expect(page.Locator("h1")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("[data-testid='receipt-print']")).ToBeFocusedAsync();
        await page.EvaluateAsync("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => window.__printed === 1");
        await Shot(page, "receipt-1366");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".mud-appbar")).Not.ToBeVisibleAsync();
        await Expect(receipt).ToBeVisibleAsync();
        await Shot(page, "receipt-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The case page: the intake step done by the clerk, the next one open, the journal verified.
        await page.GetByRole(AriaRole.Link, new() { Name = "Xem hồ sơ" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Hồ sơ {code}");
        var steps = page.Locator("[data-testid='case-steps']");
        await Expect(steps).ToContainTextAsync("Kiểm tra, tiếp nhận hồ sơ");
        await Expect(steps).ToContainTextAsync(Clerk.FullName);
        await Expect(steps).ToContainTextAsync("Phân công xử lý hồ sơ");
        await Expect(page.Locator("[data-testid='case-journal-verification']")).ToContainTextAsync("nguyên vẹn");
        await Expect(page.Locator("[data-testid='case-files']")).ToContainTextAsync("to-khai.pdf");
        await Shot(page, "case-1366");

        // The citizen, signed in as nobody, finds the case by its code: status and appointment, nothing else.
        await using var citizen = await browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        var lookup = await citizen.NewPageAsync();
        await lookup.GotoAsync("/tra-cuu");
        await lookup.FillAsync("[data-testid='lookup-code']", code);
        await lookup.Keyboard.PressAsync("Enter");
        await Expect(lookup.Locator("[data-testid='lookup-status']")).ToHaveTextAsync("Đang giải quyết");
        await Expect(lookup.Locator("[data-testid='lookup-appointment']")).ToHaveTextAsync(appointment);
        await Expect(lookup.Locator("body")).Not.ToContainTextAsync("Nguyễn Thị Bích");
        await Expect(lookup.Locator("body")).Not.ToContainTextAsync(Clerk.FullName);
        await Shot(lookup, "lookup-1366");

        // The same pages on a phone.
        var phone = await desk.NewPageAsync();
        await phone.SetViewportSizeAsync(390, 844);
        foreach (var (path, name) in new[] { ("/tiep-nhan", "reception"), ($"/ho-so/{code}/giay-tiep-nhan", "receipt"), ($"/ho-so/{code}", "case") })
        {
            await phone.GotoAsync(path);
            await Expect(phone.Locator(".mud-layout[data-interactive='true']")).ToHaveCountAsync(1);
            await Expect(phone.Locator("h1")).ToBeVisibleAsync();
            await Shot(phone, $"{name}-390");
            await AssertNoHorizontalOverflowAsync(phone, name);
        }

        var phoneLookup = await citizen.NewPageAsync();
        await phoneLookup.SetViewportSizeAsync(390, 844);
        await phoneLookup.GotoAsync($"/tra-cuu?ma={Uri.EscapeDataString(code)}");
        await Expect(phoneLookup.Locator("[data-testid='lookup-status']")).ToHaveTextAsync("Đang giải quyết");
        await Shot(phoneLookup, "lookup-390");
        await AssertNoHorizontalOverflowAsync(phoneLookup, "lookup");
    }

    private static async Task AssertNoHorizontalOverflowAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"The {what} page scrolls sideways: content {widths[0]}px wide in a {widths[1]}px window.");
    }

    private static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(IsoBrowser.ScreenshotDirectory(), "i12-reception-" + name + ".png"), FullPage = true });

    [GeneratedRegex(@"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$")]
    private static partial Regex DateTimePattern();

    private static DateTime ParseLocal(string text) =>
        DateTime.ParseExact(text.Trim(), "dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^000\.00\.\d{2}\.H17-\d{6}-\d{4}$")]
    private static partial Regex CaseCode();
}
