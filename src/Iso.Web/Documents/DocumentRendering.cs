using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Documents.Rendering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

/// <summary>Renders documents with the one pipeline (<see cref="DocumentMarkdown"/>): a stored version for the viewer
/// and the API, and the editor's text as it is typed (the live preview), cross-references resolved in the document's agency.</summary>
public sealed class DocumentRendering(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization, DocumentMarkdown markdown)
{
    /// <summary>Longest Markdown text a document may have (about 300 pages).</summary>
    public const int MaxMarkdownLength = 1_000_000;

    public async Task<Result<RenderedMarkdown>> RenderVersionAsync(Caller caller, Guid id, Guid? versionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().Include(d => d.Versions).SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        var seesDrafts = await authorization.SeesDraftsAsync(caller);
        var version = versionId is { } wanted
            ? document.Versions.FirstOrDefault(v => v.Id == wanted && (seesDrafts || DocumentVersion.IsIssued(v.Status)))
            : document.Effective() ?? (seesDrafts ? document.Working() : null);
        if (version is null)
        {
            return DocumentAccess.NotFound(id);
        }

        // An issued version's text never changes (the database refuses it), so its HTML comes from the cache; a draft's
        // is rendered each time.
        Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, string>>> resolve =
            codes => DocumentAccess.ResolveReferencesAsync(db, document.AgencyId, codes, cancellationToken);
        return DocumentVersion.IsIssued(version.Status)
            ? await markdown.RenderIssuedAsync(version.Markdown, resolve)
            : await markdown.RenderAsync(version.Markdown, resolve);
    }

    /// <summary>The editor's live preview, in the caller's own agency.</summary>
    public async Task<Result<RenderedMarkdown>> PreviewAsync(Caller caller, string? text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        if (new Validation().MaxLength("markdown", text, MaxMarkdownLength).Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await markdown.RenderAsync(text ?? string.Empty, codes => DocumentAccess.ResolveReferencesAsync(db, caller.AgencyId, codes, cancellationToken));
    }
}
