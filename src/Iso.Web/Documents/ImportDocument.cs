using System.Security.Cryptography;
using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Documents.Import;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Documents;

/// <summary>A Word file (<see cref="Content"/>, named <see cref="FileName"/>) to become a new document's first draft;
/// <see cref="Title"/> defaults to the file's title or first heading, then its name.</summary>
public sealed record ImportDocumentRequest(DocumentKind? Kind, string? Code, string? Title, string? FileName, Stream? Content);

/// <summary>The draft made from a Word file: its ids, ETag and title, how many images became attachments, and what
/// could not be converted.</summary>
public sealed record DocumentImported(Guid Id, Guid VersionId, string ETag, string Title, int Images, IReadOnlyList<DocxImportWarning> Warnings);

/// <summary>
/// Import of an existing Word procedure (quality officers): the .docx becomes the Markdown of a new document's draft
/// (<see cref="DocxToMarkdown"/>), its PNG/JPEG images attachments of that draft (stored by SHA-256 like any
/// attachment). The document, the draft and the images are saved together or not at all; a file that is not a Word
/// document, or too large, is refused before anything is written.
/// </summary>
public sealed class ImportDocument(
    IDbContextFactory<IsoDbContext> contexts, CreateDocument create, IAuthorizationService authorization, IOptions<DocumentOptions> options, TimeProvider clock)
{
    public long MaxBytes => options.Value.MaxAttachmentBytes;

    public async Task<Result<DocumentImported>> HandleAsync(Caller caller, ImportDocumentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_AuthorDocumentsForbidden");
        }

        if (request.Content is null)
        {
            return Problem.Invalid("file", "Validation_Required");
        }

        var name = Path.GetFileName(request.FileName ?? string.Empty).Trim();
        var bytes = await ReadUpToAsync(request.Content, MaxBytes + 1, cancellationToken);
        if (bytes.Length == 0)
        {
            return Problem.Invalid("file", "Validation_Required");
        }

        if (bytes.Length > MaxBytes)
        {
            return Problem.Invalid("file", "Validation_FileTooLarge", MaxBytes / (1024 * 1024));
        }

        if (FileTypes.Detect(name.Length > 0 ? name : "tai-lieu.docx", bytes) is not { } type || !type.Extensions.Contains(".docx"))
        {
            return Problem.Invalid("file", "Validation_NotDocx", name);
        }

        DocxConversion conversion;
        try
        {
            conversion = DocxToMarkdown.Convert(bytes);
        }
        catch (NotADocxException)
        {
            return Problem.Invalid("file", "Validation_NotDocx", name);
        }

        var title = Validation.IsBlank(request.Title) ? conversion.Title ?? Path.GetFileNameWithoutExtension(name) : request.Title!;
        title = title.Trim();
        if (title.Length > DocumentDrafts.TitleLength)
        {
            title = title[..DocumentDrafts.TitleLength].TrimEnd();
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (document, version, problem) = await create.AddAsync(
            db, caller, new CreateDocumentRequest(request.Kind, request.Code, title, conversion.Markdown), cancellationToken);
        if (problem is not null || document is null || version is null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow();
        var markdown = version.Markdown;
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in conversion.Images)
        {
            var imageType = FileTypes.Detect(image.FileName, image.Content);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(image.Content));
            if (imageType is null)
            {
                markdown = markdown.Replace($"]({image.Placeholder})", "]()", StringComparison.Ordinal);
                continue;
            }

            if (stored.Add(sha256) && !await db.DocumentFiles.AnyAsync(f => f.Sha256 == sha256, cancellationToken))
            {
                db.DocumentFiles.Add(new DocumentFile { Sha256 = sha256, Size = image.Content.Length, Content = image.Content });
            }

            var attachment = new DocumentAttachment
            {
                Id = Guid.CreateVersion7(now),
                VersionId = version.Id,
                AgencyId = version.AgencyId,
                FileName = image.FileName,
                ContentType = imageType.ContentType,
                Size = image.Content.Length,
                Sha256 = sha256,
                CreatedAt = now,
                CreatedById = caller.UserId,
            };
            db.DocumentAttachments.Add(attachment);
            markdown = markdown.Replace($"]({image.Placeholder})", $"]({DocumentLinks.Attachment(document.Id, attachment.Id)})", StringComparison.Ordinal);
        }

        if (markdown.Length > DocumentRendering.MaxMarkdownLength)
        {
            return Problem.Invalid("file", "Validation_ImportTooLong", DocumentRendering.MaxMarkdownLength);
        }

        version.Markdown = markdown;
        var saved = await create.SaveAsync(db, caller, document, version, cancellationToken);
        if (saved.Problem is { } refused)
        {
            return refused;
        }

        return new DocumentImported(document.Id, version.Id, saved.Value.ETag, document.Title, conversion.Images.Count, conversion.Warnings);
    }

    private static async Task<byte[]> ReadUpToAsync(Stream content, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < limit && (read = await content.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken)) > 0)
        {
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        return buffer.ToArray();
    }
}
