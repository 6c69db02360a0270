using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iso.Data.Documents.Search;

/// <summary>
/// PostgreSQL full-text search (table, functions and triggers: <c>PostgreSqlProvider.CreateDocumentSearch</c>).
/// <c>DocumentSearch."Folded"</c> is a stored tsvector generated through the IMMUTABLE wrapper
/// <c>iso_search_vector</c>, which parses with the <c>iso_vietnamese</c> configuration (the <c>unaccent</c> dictionary,
/// which folds đ too, then <c>simple</c>), GIN-indexed; <c>"Exact"</c> keeps the diacritics (<c>simple</c>) and only
/// decides which hits match as typed. Ranked by <c>ts_rank</c> (code, title, then body); snippets by
/// <c>ts_headline</c> over the original text, for the page only.
/// </summary>
internal sealed class PostgreSqlDocumentSearch(IDbContextFactory<IsoDbContext> contexts) : IDocumentSearch
{
    /// <summary>ts_rank's weights of D, C, B, A: body 0.1, title (B) 0.4, code (A) 1.</summary>
    private const string Weights = "'{0.1, 0.2, 0.4, 1.0}'";

    private static readonly string TitleOptions =
        $"HighlightAll=true, StartSel={SearchText.HighlightStart}, StopSel={SearchText.HighlightEnd}";

    private static readonly string SnippetOptions =
        $"StartSel={SearchText.HighlightStart}, StopSel={SearchText.HighlightEnd}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=\" … \"";

    public async Task<DocumentSearchPage> SearchAsync(DocumentSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = SearchText.Words(query.Text);
        if (words.Count == 0)
        {
            return new DocumentSearchPage([], 0);
        }

        // plainto_tsquery takes plain words (no operators); the words hold only letters, digits and marks anyway.
        var text = string.Join(' ', words);
        var kindFilter = query.Kind is null ? string.Empty : "AND d.\"Kind\" = @kind";

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            int total;
            await using (var count = Command(connection, $"""
                SELECT count(*)::int FROM "DocumentSearch" s JOIN "Documents" d ON d."Id" = s."DocumentId"
                WHERE s."Folded" @@ plainto_tsquery('iso_vietnamese', @text) AND s."AgencyId" = @agency {kindFilter}
                """, text, query))
            {
                total = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
            }

            if (total == 0 || query.Skip >= total)
            {
                return new DocumentSearchPage([], total);
            }

            var hits = new List<DocumentSearchHit>();
            await using var page = Command(connection, $"""
                WITH q AS (SELECT plainto_tsquery('iso_vietnamese', @text) AS folded, plainto_tsquery('simple', @text) AS exact),
                hits AS (
                    SELECT s."VersionId", s."DocumentId", d."Code", d."Kind", s."Exact" @@ q.exact AS "IsExact",
                        ts_rank({Weights}, s."Folded", q.folded) AS "Score"
                    FROM "DocumentSearch" s JOIN "Documents" d ON d."Id" = s."DocumentId", q
                    WHERE s."Folded" @@ q.folded AND s."AgencyId" = @agency {kindFilter}
                    ORDER BY "IsExact" DESC, "Score" DESC, d."Code"
                    LIMIT @take OFFSET @skip)
                SELECT h."DocumentId", h."VersionId", h."Code", h."Kind", h."IsExact", h."Score",
                    ts_headline('iso_vietnamese', s."Title", q.folded, @titleOptions),
                    ts_headline('iso_vietnamese', s."Body", q.folded, @snippetOptions)
                FROM hits h JOIN "DocumentSearch" s ON s."VersionId" = h."VersionId", q
                ORDER BY h."IsExact" DESC, h."Score" DESC, h."Code"
                """, text, query);
            page.Parameters.AddWithValue("take", query.Take);
            page.Parameters.AddWithValue("skip", query.Skip);
            page.Parameters.AddWithValue("titleOptions", TitleOptions);
            page.Parameters.AddWithValue("snippetOptions", SnippetOptions);
            await using var reader = await page.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new DocumentSearchHit(
                    reader.GetGuid(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    Enum.Parse<DocumentKind>(reader.GetString(3)),
                    reader.GetString(6),
                    reader.GetString(7),
                    reader.GetBoolean(4),
                    reader.GetFloat(5)));
            }

            return new DocumentSearchPage(hits, total);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlCommand Command(DbConnection connection, string sql, string text, DocumentSearchQuery query)
    {
        var command = (NpgsqlCommand)connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("text", text);
        command.Parameters.AddWithValue("agency", query.AgencyId);
        if (query.Kind is { } kind)
        {
            command.Parameters.AddWithValue("kind", kind.ToString());
        }

        return command;
    }
}
