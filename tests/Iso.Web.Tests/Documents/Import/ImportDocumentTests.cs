using System.IO.Compression;
using System.Security.Cryptography;
using DocumentFormat.OpenXml.Packaging;
using Iso.Data;
using Iso.Web.Application;
using Iso.Web.Documents;
using Iso.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Documents.Import;

/// <summary>Import of a Word file as a new document's draft on the real app: the draft, its images as attachments by
/// SHA-256, the warnings; a file that is not a Word document stores nothing.</summary>
public sealed class ImportDocumentTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WordFile_BecomesADraft_WithItsImageAttached()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var author = await scope.ServiceProvider.CallerAsync(await DocumentPeople.CreateAsync(factory.Services, "Trần Thị Nhập", Iso.Data.Identity.IsoRoles.QualityOfficer));
        using var docx = new TestDocx().Heading(1, "Quy trình tiếp nhận hồ sơ").Paragraph("Nội dung ", "**chính**", ".")
            .Image(TestDocx.Png, ImagePartType.Png, "Sơ đồ").Header("Đầu trang");
        var code = DocumentPeople.NewCode();

        var imported = (await scope.Get<ImportDocument>().HandleAsync(
            author, new ImportDocumentRequest(Iso.Data.Documents.DocumentKind.Procedure, code, null, "quy-trinh.docx", new MemoryStream(docx.ToBytes())), Ct)).Ok();

        Assert.Equal(("Quy trình tiếp nhận hồ sơ", 1), (imported.Title, imported.Images));
        Assert.Equal([Iso.Web.Documents.Import.DocxToMarkdown.Codes.HeaderFooter], imported.Warnings.Select(w => w.Code));
        var draft = (await scope.Get<GetDocument>().HandleAsync(author, imported.Id, imported.VersionId, Ct)).Ok();
        var attachment = Assert.Single(draft.Attachments);
        Assert.Equal(("hinh-1.png", Convert.ToHexStringLower(SHA256.HashData(TestDocx.Png))), (attachment.FileName, attachment.Sha256));
        Assert.Contains($"![Sơ đồ]({DocumentLinks.Attachment(imported.Id, attachment.Id)})", draft.Markdown, StringComparison.Ordinal);
        Assert.Contains("Nội dung **chính**.", draft.Markdown, StringComparison.Ordinal);
        var content = (await scope.Get<DocumentAttachments>().OpenAsync(author, imported.Id, attachment.Id, Ct)).Ok();
        Assert.Equal(TestDocx.Png, content.Content);
    }

    [Fact]
    public async Task NotAWordFile_IsRefused_AndNothingIsStored()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var author = await scope.ServiceProvider.CallerAsync(await DocumentPeople.CreateAsync(factory.Services, "Trần Thị Nhập", Iso.Data.Identity.IsoRoles.QualityOfficer));
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("word/document.xml").Open();
            await entry.WriteAsync("<không phải xml"u8.ToArray(), Ct);
        }

        foreach (var bytes in new[] { "đây không phải tệp zip"u8.ToArray(), zip.ToArray() })
        {
            var code = DocumentPeople.NewCode();
            var result = await scope.Get<ImportDocument>().HandleAsync(
                author, new ImportDocumentRequest(Iso.Data.Documents.DocumentKind.Procedure, code, "Tiêu đề", "hong.docx", new MemoryStream(bytes)), Ct);

            Assert.Equal(["file"], result.Problem!.Errors.Keys);
            await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
            Assert.False(await db.Documents.AnyAsync(d => d.Code == code, Ct));
        }
    }

    [Fact]
    public async Task Staff_MayNotImport()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);
        using var docx = new TestDocx().Heading(1, "Tiêu đề");

        var result = await scope.Get<ImportDocument>().HandleAsync(
            staff, new ImportDocumentRequest(Iso.Data.Documents.DocumentKind.Procedure, DocumentPeople.NewCode(), null, "a.docx", new MemoryStream(docx.ToBytes())), Ct);

        Assert.Equal(ProblemKind.Forbidden, result.Problem!.Kind);
    }
}
