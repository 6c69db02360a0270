using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iso.Data.Documents.Search;

/// <summary>
/// PostgreSQL full-text search (table, functions and triggers: <c>PostgreSqlProvider.CreateDocumentSearch</c>).
/// <c>DocumentSearch."Folded"</c> is a stored tsvector generated through the IMMUTABLE wrapper
/// <c>iso_search_vector</c>, which parses with the <c>iso_vietnamese</c> configuration (the <c>unaccent</c> dictionary,
/// which folds đ too, then <c>simple</c>), GIN-indexed; <c>"Exact"</c> keeps the diacritics (<c>simple</c>) and only
/// decides which hits match as typed. Ranked by <c>ts_rank</c> (code, title, then body).
/// <para>Performance (ADR 0026): the count and the page go in one round trip; the matches are always found through the
/// GIN index — the query is a MATERIALIZED CTE, so the planner cannot see it, estimates few rows and takes the bitmap
/// scan rather than a sequential scan that would de-TOAST every row's tsvector to test <c>@@</c>; the count reads no
/// tsvector at all; <c>"Documents"</c> is joined for the page only (or for a kind filter). Titles and snippets are
/// highlighted in .NET (<see cref="SearchHighlights"/>) from the page's texts instead of <c>ts_headline</c>, which
/// re-parsed every body through the unaccent dictionary and was most of the time of a search.</para>
/// </summary>
internal sealed class PostgreSqlDocumentSearch(IDbContextFactory<IsoDbContext> contexts) : IDocumentSearch
{
    /// <summary>ts_rank's weights of D, C, B, A: body 0.1, title (B) 0.4, code (A) 1.</summary>
    private const string Weights = "'{0.1, 0.2, 0.4, 1.0}'";

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
        var kindFilter = query.Kind is null
            ? string.Empty
            : "AND EXISTS (SELECT 1 FROM \"Documents\" k WHERE k.\"Id\" = s.\"DocumentId\" AND k.\"Kind\" = @kind)";

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(Command($"""
                WITH q AS MATERIALIZED (SELECT plainto_tsquery('iso_vietnamese', @text) AS folded)
                SELECT count(*)::int FROM "DocumentSearch" s, q
                WHERE s."Folded" @@ q.folded AND s."AgencyId" = @agency {kindFilter}
                """, text, query));
            var page = Command($"""
                WITH q AS MATERIALIZED (SELECT plainto_tsquery('iso_vietnamese', @text) AS folded, plainto_tsquery('simple', @text) AS exact),
                hits AS (
                    SELECT s."VersionId", s."Exact" @@ q.exact AS "IsExact", ts_rank({Weights}, s."Folded", q.folded) AS "Score", s."Code"
                    FROM "DocumentSearch" s, q
                    WHERE s."Folded" @@ q.folded AND s."AgencyId" = @agency {kindFilter}
                    ORDER BY "IsExact" DESC, "Score" DESC, s."Code"
                    LIMIT @take OFFSET @skip)
                SELECT s."DocumentId", s."VersionId", d."Code", d."Kind", h."IsExact", h."Score", s."Title", s."Body"
                FROM hits h JOIN "DocumentSearch" s ON s."VersionId" = h."VersionId" JOIN "Documents" d ON d."Id" = s."DocumentId"
                ORDER BY h."IsExact" DESC, h."Score" DESC, h."Code"
                """, text, query);
            page.Parameters.AddWithValue("take", query.Take);
            page.Parameters.AddWithValue("skip", query.Skip);
            batch.BatchCommands.Add(page);

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var total = reader.GetInt32(0);
            await reader.NextResultAsync(cancellationToken);
            var folded = SearchHighlights.FoldAll(words);
            var hits = new List<DocumentSearchHit>();
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new DocumentSearchHit(
                    reader.GetGuid(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    Enum.Parse<DocumentKind>(reader.GetString(3)),
                    SearchHighlights.HighlightAll(reader.GetString(6), folded),
                    SearchHighlights.Snippet(reader.GetString(7), folded),
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

    private static NpgsqlBatchCommand Command(string sql, string text, DocumentSearchQuery query)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("text", text);
        command.Parameters.AddWithValue("agency", query.AgencyId);
        if (query.Kind is { } kind)
        {
            command.Parameters.AddWithValue("kind", kind.ToString());
        }

        return command;
    }
}
