using System.Security.Cryptography;
using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Documents;

/// <summary>An attachment's content, as served: always as a download (Content-Disposition: attachment, nosniff).</summary>
public sealed record AttachmentContent(string FileName, string ContentType, string Sha256, byte[] Content);

/// <summary>
/// Files attached to a document's draft (forms, templates): at most <see cref="DocumentOptions.MaxAttachmentBytes"/>,
/// of a type told by content (<see cref="FileTypes"/>), stored once per SHA-256. Issued versions keep theirs unchanged.
/// </summary>
public sealed class DocumentAttachments(
    IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, IOptions<DocumentOptions> options, TimeProvider clock)
{
    public long MaxBytes => options.Value.MaxAttachmentBytes;

    public async Task<Result<AttachmentView>> AddAsync(Caller caller, Guid id, string? fileName, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(content);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (found, refused) = await DocumentAccess.LoadForChangeAsync(db, caller, id, cancellationToken);
        if (refused is not null || found is null)
        {
            return refused ?? DocumentAccess.NotFound(id);
        }

        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_AuthorDocumentsForbidden");
        }

        var name = Path.GetFileName(fileName ?? string.Empty).Trim();
        var validation = new Validation().Required("fileName", name, 255).Text("fileName", name, 255);
        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        if (found.ObsoletedAt is not null || found.Working() is not { Status: DocumentVersionStatus.Draft } draft)
        {
            return Problem.Conflict("Problem_DocumentNoDraft", found.Code);
        }

        var bytes = await ReadUpToAsync(content, MaxBytes + 1, cancellationToken);
        if (bytes.Length > MaxBytes)
        {
            return Problem.Invalid("file", "Validation_FileTooLarge", MaxBytes / (1024 * 1024));
        }

        if (bytes.Length == 0)
        {
            return Problem.Invalid("file", "Validation_Required");
        }

        if (FileTypes.Detect(name, bytes) is not { } type)
        {
            return Problem.Invalid("file", "Validation_FileType", name);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!await db.DocumentFiles.AnyAsync(f => f.Sha256 == sha256, cancellationToken))
        {
            db.DocumentFiles.Add(new DocumentFile { Sha256 = sha256, Size = bytes.Length, Content = bytes });
        }

        var now = clock.GetUtcNow();
        var attachment = new DocumentAttachment
        {
            Id = Guid.CreateVersion7(now),
            VersionId = draft.Id,
            AgencyId = draft.AgencyId,
            FileName = name,
            ContentType = type.ContentType,
            Size = bytes.Length,
            Sha256 = sha256,
            CreatedAt = now,
            CreatedById = caller.UserId,
        };
        db.DocumentAttachments.Add(attachment);
        draft.Revision++;
        draft.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (bytes.Length > 0)
        {
            // The same file stored at the same moment by another request: it is there now; attach it again without it.
            db.ChangeTracker.Clear();
            return await AddAsync(caller, id, name, new MemoryStream(bytes), cancellationToken);
        }

        return new AttachmentView(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size, attachment.Sha256);
    }

    public async Task<Result> RemoveAsync(Caller caller, Guid id, Guid attachmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (found, refused) = await DocumentAccess.LoadForChangeAsync(db, caller, id, cancellationToken);
        if (refused is not null || found is null)
        {
            return refused ?? DocumentAccess.NotFound(id);
        }

        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_AuthorDocumentsForbidden");
        }

        if (found.Working() is not { Status: DocumentVersionStatus.Draft } draft)
        {
            return Problem.Conflict("Problem_DocumentNoDraft", found.Code);
        }

        var attachment = await db.DocumentAttachments.SingleOrDefaultAsync(a => a.Id == attachmentId && a.VersionId == draft.Id, cancellationToken);
        if (attachment is null)
        {
            return Problem.NotFound("Problem_AttachmentNotFound", attachmentId);
        }

        db.DocumentAttachments.Remove(attachment);
        draft.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<Result<AttachmentContent>> OpenAsync(Caller caller, Guid id, Guid attachmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.DocumentAttachments.AsNoTracking()
            .Where(a => a.Id == attachmentId)
            .Join(db.DocumentVersions, a => a.VersionId, v => v.Id, (a, v) => new { Attachment = a, v.DocumentId, v.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null || row.DocumentId != id || !caller.MayRead(row.Attachment.AgencyId)
            || (!DocumentVersion.IsIssued(row.Status) && !await authorization.SeesDraftsAsync(caller)))
        {
            return Problem.NotFound("Problem_AttachmentNotFound", attachmentId);
        }

        var content = await db.DocumentFiles.AsNoTracking().Where(f => f.Sha256 == row.Attachment.Sha256).Select(f => f.Content).SingleAsync(cancellationToken);
        return new AttachmentContent(row.Attachment.FileName, row.Attachment.ContentType, row.Attachment.Sha256, content);
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
