using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Iso.Data.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iso.EndToEnd.Tests.Documents;

/// <summary>A quality officer imports a Word procedure in the browser ("Nhập từ Word"), sees what could not be
/// converted, opens the draft; the search page answers a query without diacritics.</summary>
public sealed class DocumentImportAndSearchPagesTests
{
    private static readonly DemoAccount Officer = DemoAccounts.QualityOfficer;

    [Fact]
    public async Task WordFile_ImportedInTheBrowser_BecomesADraft_AndSearchAnswers()
    {
        IsoBrowser.RequireChromium();
        await using var server = new IsoAppServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await IsoBrowser.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } })).NewPageAsync();

        await page.GotoAsync("/login");
        await page.FillAsync("#login-username", Officer.UserName);
        await page.FillAsync("#login-password", Officer.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Xin chào|Việc của tôi"));
        await page.GotoAsync("/tai-lieu");
        await Expect(page.Locator(".mud-layout[data-interactive='true']")).ToHaveCountAsync(1);
        await page.Locator("[data-testid='documents-import']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nhập từ Word");

        await page.Locator("input[type='file']").SetInputFilesAsync(new FilePayload
        {
            Name = "quy-trinh-tiep-nhan.docx",
            MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Buffer = Docx(),
        });
        await Expect(page.Locator("[data-testid='import-file']")).ToHaveTextAsync("quy-trinh-tiep-nhan.docx");
        await IsoBrowser.FillAndLeaveAsync(page.Locator("input[data-testid='import-code']"), "QT-21");
        await Shot(page, "import-form");
        await page.Locator("[data-testid='import-submit']").ClickAsync();

        await Expect(page.Locator("[data-testid='import-done']")).ToContainTextAsync("Quy trình tiếp nhận hồ sơ");
        await Expect(page.Locator("[data-testid='import-warnings']")).ToContainTextAsync("Đầu trang/chân trang");
        await Shot(page, "import-done");
        await page.Locator("[data-testid='import-open']").ClickAsync();
        await Expect(page.Locator("h1").First).ToHaveTextAsync("Soạn thảo QT-21");
        await Expect(page.Locator("[data-testid='editor-preview'] h2").First).ToHaveTextAsync("1. Mục đích");

        await page.GotoAsync("/tai-lieu/tim-kiem?q=dang%20ky%20kiem%20soat");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tìm kiếm tài liệu");
        await Expect(page.Locator("[data-testid='search-total']")).ToContainTextAsync("Tìm thấy");
        await Shot(page, "search");
    }

    private static byte[] Docx()
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
                new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
                new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "Heading2" });
            main.Document = new Document(new Body(
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }), new Run(new Text("Quy trình tiếp nhận hồ sơ"))),
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading2" }), new Run(new Text("1. Mục đích"))),
                new Paragraph(new Run(new Text("Đăng ký và kiểm soát ") { Space = SpaceProcessingModeValues.Preserve }), new Run(new RunProperties(new Bold()), new Text("hồ sơ"))),
                new Table(
                    new TableRow(new TableCell(new Paragraph(new Run(new Text("Bước")))), new TableCell(new Paragraph(new Run(new Text("Trách nhiệm"))))),
                    new TableRow(new TableCell(new Paragraph(new Run(new Text("1")))), new TableCell(new Paragraph(new Run(new Text("Bộ phận một cửa"))))))));
            main.AddNewPart<HeaderPart>().Header = new DocumentFormat.OpenXml.Wordprocessing.Header(new Paragraph(new Run(new Text("SỞ TƯ PHÁP"))));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(IsoBrowser.ScreenshotDirectory(), "documents-" + name + ".png"), FullPage = true });
}
