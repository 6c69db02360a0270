using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Iso.Data.Documents;
using Iso.Data.Documents.Search;
using Iso.Web.Application;

namespace Iso.Web.Documents;

/// <summary>Search the documents in force of an agency (the caller's by default): words in any order, with or without
/// diacritics; one page of <see cref="PageSize"/> hits.</summary>
public sealed record SearchDocumentsRequest(string? Q, Guid? AgencyId = null, DocumentKind? Kind = null, int Page = 1, int PageSize = 20);

/// <summary>
/// A document in force that matches. <see cref="TitleHtml"/> and <see cref="SnippetHtml"/> are HTML built here from the
/// plain text the index returns: every character of the document is encoded, and the only markup is
/// <c>&lt;mark&gt;</c> around matched words. <see cref="ExactMatch"/>: every word appears as typed, diacritics included.
/// </summary>
public sealed record DocumentSearchResult(
    Guid DocumentId, Guid VersionId, string Code, DocumentKind Kind, string Title, string TitleHtml, string SnippetHtml, bool ExactMatch);

public sealed record DocumentSearchResults(IReadOnlyList<DocumentSearchResult> Items, int Total, int Page, int PageSize);

/// <summary>Full-text search over <see cref="IDocumentSearch"/>: everyone of the agency reads what is in force;
/// cross-agency readers (auditors) may name another agency; another agency otherwise is forbidden, as in the list.</summary>
public sealed class SearchDocuments(IDocumentSearch search)
{
    public const int MaxPageSize = 100;
    public const int MaxQueryLength = 200;

    public async Task<Result<DocumentSearchResults>> HandleAsync(Caller caller, SearchDocumentsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        var validation = new Validation().Required("q", request.Q, MaxQueryLength).Text("q", request.Q, MaxQueryLength);
        if (!Validation.IsBlank(request.Q) && SearchText.Words(request.Q).Count == 0)
        {
            validation.Add("q", "Validation_SearchWords");
        }

        if (request.Page < 1)
        {
            validation.Add("page", "Validation_Range", 1, int.MaxValue);
        }

        if (request.PageSize is < 1 or > MaxPageSize)
        {
            validation.Add("pageSize", "Validation_Range", 1, MaxPageSize);
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var agencyId = request.AgencyId ?? caller.AgencyId;
        if (!caller.MayRead(agencyId))
        {
            return Problem.Forbidden("Problem_AgencyForbidden");
        }

        var skip = (long)(request.Page - 1) * request.PageSize;
        if (skip > int.MaxValue)
        {
            return Problem.Invalid("page", "Validation_Range", 1, int.MaxValue / request.PageSize);
        }

        var found = await search.SearchAsync(new DocumentSearchQuery(agencyId, request.Q!, request.Kind, (int)skip, request.PageSize), cancellationToken);
        var items = found.Hits.Select(h => new DocumentSearchResult(
            h.DocumentId, h.VersionId, h.Code, h.Kind, SearchHighlight.PlainText(h.TitleHighlight), SearchHighlight.ToHtml(h.TitleHighlight, markdown: false),
            SearchHighlight.ToHtml(h.Snippet, markdown: true), h.ExactMatch)).ToList();
        return new DocumentSearchResults(items, found.Total, request.Page, request.PageSize);
    }
}

/// <summary>
/// Turns the index's highlighted plain text into safe HTML: the text is encoded character by character and the only
/// tags are the <c>&lt;mark&gt;</c> pairs made from the markers (<see cref="SearchText.HighlightStart"/>/<see cref="SearchText.HighlightEnd"/>),
/// balanced whatever the text holds. Snippets are cut from Markdown, so its punctuation (headings, emphasis, table
/// bars, code) is dropped to read as prose.
/// </summary>
public static class SearchHighlight
{
    private const string MarkdownPunctuation = "#*_|`~";

    /// <summary>Encodes what HTML needs (&lt; &gt; &amp; quotes) and leaves Vietnamese letters readable.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string ToHtml(string highlighted, bool markdown)
    {
        ArgumentNullException.ThrowIfNull(highlighted);
        var html = new StringBuilder(highlighted.Length + 32);
        var plain = new StringBuilder();
        var open = false;
        foreach (var c in highlighted)
        {
            if (c == SearchText.HighlightStart || c == SearchText.HighlightEnd)
            {
                html.Append(Encode(plain, markdown));
                plain.Clear();
                if (c == SearchText.HighlightStart && !open)
                {
                    html.Append("<mark>");
                    open = true;
                }
                else if (c == SearchText.HighlightEnd && open)
                {
                    html.Append("</mark>");
                    open = false;
                }

                continue;
            }

            plain.Append(c);
        }

        html.Append(Encode(plain, markdown));
        if (open)
        {
            html.Append("</mark>");
        }

        return html.ToString().Trim();
    }

    public static string PlainText(string highlighted)
    {
        ArgumentNullException.ThrowIfNull(highlighted);
        return highlighted.Replace(SearchText.HighlightStart.ToString(), string.Empty, StringComparison.Ordinal)
            .Replace(SearchText.HighlightEnd.ToString(), string.Empty, StringComparison.Ordinal);
    }

    private static string Encode(StringBuilder text, bool markdown)
    {
        var value = text.ToString();
        if (markdown)
        {
            var prose = new StringBuilder(value.Length);
            foreach (var c in value)
            {
                var replacement = MarkdownPunctuation.Contains(c, StringComparison.Ordinal) ? ' ' : char.IsControl(c) ? ' ' : c;
                if (replacement == ' ' && prose.Length > 0 && prose[^1] == ' ')
                {
                    continue;
                }

                prose.Append(replacement);
            }

            value = prose.ToString();
        }

        return Encoder.Encode(value);
    }
}
