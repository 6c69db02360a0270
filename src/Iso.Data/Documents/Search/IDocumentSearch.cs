namespace Iso.Data.Documents.Search;

/// <summary>
/// Full-text search across the documents in force (effective versions) of one agency: ranked, insensitive to
/// Vietnamese diacritics including đ/Đ, with the versions whose words match exactly as typed (diacritics included)
/// first. One interface, two implementations chosen by the provider: SQLite FTS5 and PostgreSQL tsvector. The index is
/// kept by database triggers in the same transaction as the version's status change (see the providers'
/// <c>CreateDocumentSearch</c>).
/// </summary>
public interface IDocumentSearch
{
    Task<DocumentSearchPage> SearchAsync(DocumentSearchQuery query, CancellationToken cancellationToken = default);
}

/// <summary>What to look for: <see cref="Text"/> in the effective documents of <see cref="AgencyId"/> (optionally of one
/// kind), the page from <see cref="Skip"/> of <see cref="Take"/> hits.</summary>
public sealed record DocumentSearchQuery(Guid AgencyId, string Text, DocumentKind? Kind = null, int Skip = 0, int Take = 20);

/// <summary>One page of hits and how many there are in all.</summary>
public sealed record DocumentSearchPage(IReadOnlyList<DocumentSearchHit> Hits, int Total);

/// <summary>
/// A document in force that matches. <see cref="TitleHighlight"/> and <see cref="Snippet"/> are plain text (the version's
/// title, and an excerpt of its Markdown) in which the matched words are enclosed in
/// <see cref="SearchText.HighlightStart"/> … <see cref="SearchText.HighlightEnd"/>; they are not HTML.
/// <see cref="ExactMatch"/>: every word of the query appears as typed, diacritics included.
/// </summary>
public sealed record DocumentSearchHit(
    Guid DocumentId, Guid VersionId, string Code, DocumentKind Kind, string TitleHighlight, string Snippet, bool ExactMatch, double Score);
