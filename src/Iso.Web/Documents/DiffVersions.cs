using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents;

public enum DiffLineKind
{
    Unchanged,
    Deleted,
    Inserted,
    Modified,
    Empty,
}

/// <summary>One side of a row: its line number in that version (null for the gap opposite an insertion), text and kind.</summary>
public sealed record DiffLine(int? Number, string? Text, DiffLineKind Kind);

public sealed record DiffRow(DiffLine Old, DiffLine New);

/// <summary>Two versions side by side, line by line (the title first, then the text).</summary>
public sealed record DocumentDiff(VersionSummary From, VersionSummary To, IReadOnlyList<DiffRow> Rows, int Changes);

/// <summary>Compares any two versions of a document the caller may see (DiffPlex), older on the left.</summary>
public sealed class DiffVersions(IDbContextFactory<IsoDbContext> contexts, IAuthorizationService authorization)
{
    public async Task<Result<DocumentDiff>> HandleAsync(Caller caller, Guid id, Guid fromVersionId, Guid toVersionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().Include(d => d.Versions).SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        var seesDrafts = await authorization.SeesDraftsAsync(caller);
        var from = document.Versions.FirstOrDefault(v => v.Id == fromVersionId && (seesDrafts || DocumentVersion.IsIssued(v.Status)));
        var to = document.Versions.FirstOrDefault(v => v.Id == toVersionId && (seesDrafts || DocumentVersion.IsIssued(v.Status)));
        if (from is null || to is null)
        {
            return Problem.NotFound("Problem_DocumentVersionNotFound");
        }

        if (from.Sequence > to.Sequence)
        {
            (from, to) = (to, from);
        }

        var model = SideBySideDiffBuilder.Diff(TextOf(from), TextOf(to), ignoreWhiteSpace: false);
        var rows = model.OldText.Lines.Zip(model.NewText.Lines, (o, n) => new DiffRow(Line(o), Line(n))).ToList();
        return new DocumentDiff(Summary(from), Summary(to), rows, rows.Count(r => r.Old.Kind != DiffLineKind.Unchanged || r.New.Kind != DiffLineKind.Unchanged));
    }

    private static string TextOf(DocumentVersion version) => "# " + version.Title + "\n\n" + version.Markdown.ReplaceLineEndings("\n");

    private static VersionSummary Summary(DocumentVersion v) =>
        new(v.Id, v.Sequence, v.IssueNo, v.RevisionNo, v.Status, v.EffectiveOn, v.ChangeSummary, v.UpdatedAt);

    private static DiffLine Line(DiffPiece piece) => new(piece.Position, piece.Type == ChangeType.Imaginary ? null : piece.Text, piece.Type switch
    {
        ChangeType.Deleted => DiffLineKind.Deleted,
        ChangeType.Inserted => DiffLineKind.Inserted,
        ChangeType.Modified => DiffLineKind.Modified,
        ChangeType.Imaginary => DiffLineKind.Empty,
        _ => DiffLineKind.Unchanged,
    });
}
