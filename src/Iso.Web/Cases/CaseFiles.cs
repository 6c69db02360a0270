using System.IO.Compression;
using System.Security.Cryptography;
using Iso.Data;
using Iso.Data.Cases;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>A file kept with a case, without its bytes.</summary>
public sealed record CaseFileInfo(Guid Id, Guid CaseId, Guid? TaskId, string FileName, string ContentType, long Size, string Sha256, Guid UploadedById, DateTimeOffset UploadedAt);

/// <summary>A file's bytes, for download.</summary>
public sealed record CaseFileContent(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Files kept as a case's records (attachments of a step, scans received). The type is recognised from the content,
/// never from the name or the browser's claim: PDF, PNG, JPEG, and Word/Excel documents (OOXML, checked inside the zip);
/// anything else, or more than <see cref="MaxBytes"/>, is refused. The SHA-256 of the bytes is kept with them.
/// Reading follows the case's agency scoping; adding needs a case handler of the case's own agency and a running case.
/// </summary>
public sealed class CaseFiles(IWorkflowStore store, IAuthorizationService authorization, IDbContextFactory<IsoDbContext> contexts, TimeProvider clock)
{
    /// <summary>10 MB: a scanned file of several pages at 200 dpi.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    public const int MaxFileName = 255;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    public static IReadOnlyList<string> AllowedExtensions { get; } = [".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx"];

    public async Task<Result<CaseFileInfo>> AttachAsync(
        Caller caller, Guid caseId, Guid? taskId, string? fileName, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(content);
        var workflowCase = await store.FindCaseAsync(caseId, cancellationToken);
        if (workflowCase is null || !caller.MayRead(workflowCase.AgencyId))
        {
            return CaseAccess.CaseNotFound(caseId);
        }

        if (!caller.MayActIn(workflowCase.AgencyId) || !await authorization.AllowsAsync(caller, IsoPolicies.HandleCases))
        {
            return Problem.Forbidden("Problem_AttachForbidden");
        }

        if (workflowCase.Status != CaseStatus.Running)
        {
            return Problem.Conflict("Problem_CaseNotRunning");
        }

        if (taskId is { } task && (await store.FindTaskAsync(task, cancellationToken))?.CaseId != caseId)
        {
            return CaseAccess.TaskNotFound(task);
        }

        var validation = new Validation().Required("file", fileName, MaxFileName).Text("file", fileName, MaxFileName);
        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var bytes = await ReadAtMostAsync(content, MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return Problem.Invalid("file", "Validation_FileTooLarge", MaxBytes / (1024 * 1024));
        }

        var name = Path.GetFileName(fileName!.Trim());
        if (Recognise(bytes, Path.GetExtension(name)) is not { } type)
        {
            return Problem.Invalid("file", "Validation_FileType", string.Join(", ", AllowedExtensions));
        }

        var record = new CaseFile
        {
            Id = Guid.CreateVersion7(),
            CaseId = caseId,
            AgencyId = workflowCase.AgencyId,
            TaskId = taskId,
            FileName = name,
            ContentType = type,
            Length = bytes.LongLength,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Content = bytes,
            StoredById = caller.UserId,
            StoredAt = clock.GetUtcNow(),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return ToInfo(record);
    }

    public async Task<Result<IReadOnlyList<CaseFileInfo>>> ListAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var workflowCase = await store.FindCaseAsync(caseId, cancellationToken);
        if (workflowCase is null || !caller.MayRead(workflowCase.AgencyId))
        {
            return CaseAccess.CaseNotFound(caseId);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var files = await db.CaseFiles.AsNoTracking()
            .Where(f => f.CaseId == caseId)
            .OrderBy(f => f.StoredAt)
            .Select(f => new CaseFileInfo(f.Id, f.CaseId, f.TaskId, f.FileName, f.ContentType, f.Length, f.Sha256, f.StoredById, f.StoredAt))
            .ToListAsync(cancellationToken);
        return files;
    }

    public async Task<Result<CaseFileContent>> OpenAsync(Caller caller, Guid caseId, Guid fileId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var file = await db.CaseFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.CaseId == caseId, cancellationToken);
        return file is null || !caller.MayRead(file.AgencyId)
            ? Problem.NotFound("Problem_FileNotFound", fileId)
            : new CaseFileContent(file.FileName, file.ContentType, file.Content);
    }

    /// <summary>The media type the bytes really are, when it is an allowed one and agrees with the name's extension.</summary>
    public static string? Recognise(ReadOnlySpan<byte> bytes, string? extension)
    {
        var ext = extension?.ToLowerInvariant();
        if (bytes.StartsWith("%PDF-"u8))
        {
            return ext == ".pdf" ? "application/pdf" : null;
        }

        if (bytes.StartsWith(PngSignature))
        {
            return ext == ".png" ? "image/png" : null;
        }

        if (bytes.StartsWith(JpegSignature))
        {
            return ext is ".jpg" or ".jpeg" ? "image/jpeg" : null;
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            var part = ext switch
            {
                ".docx" => "word/document.xml",
                ".xlsx" => "xl/workbook.xml",
                _ => null,
            };
            return part is not null && ZipHas(bytes.ToArray(), part)
                ? ext == ".docx" ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : null;
        }

        return null;
    }

    private static bool ZipHas(byte[] bytes, string entry)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry(entry) is not null && zip.GetEntry("[Content_Types].xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The whole stream, or null as soon as it is longer than <paramref name="max"/> (nothing more is read).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream content, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static CaseFileInfo ToInfo(CaseFile f) =>
        new(f.Id, f.CaseId, f.TaskId, f.FileName, f.ContentType, f.Length, f.Sha256, f.StoredById, f.StoredAt);
}
