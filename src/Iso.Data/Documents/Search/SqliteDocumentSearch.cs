using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Documents.Search;

/// <summary>
/// SQLite FTS5 (tables and triggers: <c>SqliteProvider.CreateDocumentSearch</c>). <c>DocumentSearch</c> is tokenised
/// with <c>unicode61 remove_diacritics 2</c> (which also folds letters with two marks, việt, chất) and holds the text
/// with đ/Đ stored as ď/Ď — letters that <em>do</em> decompose to d + a mark, so the tokenizer folds them to d while
/// snippets still show a d with a stroke, turned back into đ/Đ here. <c>DocumentSearchExact</c> keeps the diacritics
/// (<c>remove_diacritics 0</c>) and only decides which hits match as typed. Ranked by BM25 (code, title, then body).
/// </summary>
internal sealed class SqliteDocumentSearch(IDbContextFactory<IsoDbContext> contexts) : IDocumentSearch
{
    private const int SnippetWords = 24;

    public async Task<DocumentSearchPage> SearchAsync(DocumentSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = SearchText.Words(query.Text);
        if (words.Count == 0)
        {
            return new DocumentSearchPage([], 0);
        }

        var folded = string.Join(' ', words.Select(w => Quote(SearchText.FoldD(w))));
        var exact = string.Join(" AND ", words.Select(ExactWord));
        var agency = query.AgencyId.ToString().ToUpperInvariant();
        var kindFilter = query.Kind is null ? string.Empty : "AND d.\"Kind\" = $kind";

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            int total;
            await using (var count = Command(connection, $"""
                SELECT count(*) FROM "DocumentSearch" s
                JOIN "DocumentSearchRows" r ON r."RowId" = s.rowid
                JOIN "Documents" d ON d."Id" = r."DocumentId"
                WHERE "DocumentSearch" MATCH $folded AND r."AgencyId" = $agency {kindFilter}
                """, folded, exact, agency, query.Kind))
            {
                total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            if (total == 0 || query.Skip >= total)
            {
                return new DocumentSearchPage([], total);
            }

            var ranked = new List<(long RowId, Guid DocumentId, Guid VersionId, string Code, DocumentKind Kind, bool Exact, double Score)>();
            await using (var page = Command(connection, $"""
                SELECT s.rowid, r."DocumentId", r."VersionId", d."Code", d."Kind",
                    s.rowid IN (SELECT rowid FROM "DocumentSearchExact" WHERE "DocumentSearchExact" MATCH $exact) AS "Exact",
                    bm25("DocumentSearch", 10.0, 4.0, 1.0) AS "Score"
                FROM "DocumentSearch" s
                JOIN "DocumentSearchRows" r ON r."RowId" = s.rowid
                JOIN "Documents" d ON d."Id" = r."DocumentId"
                WHERE "DocumentSearch" MATCH $folded AND r."AgencyId" = $agency {kindFilter}
                ORDER BY "Exact" DESC, "Score", d."Code"
                LIMIT $take OFFSET $skip
                """, folded, exact, agency, query.Kind))
            {
                Add(page, "$take", query.Take);
                Add(page, "$skip", query.Skip);
                await using var reader = await page.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ranked.Add((
                        reader.GetInt64(0),
                        Guid.Parse(reader.GetString(1)),
                        Guid.Parse(reader.GetString(2)),
                        reader.GetString(3),
                        Enum.Parse<DocumentKind>(reader.GetString(4)),
                        reader.GetInt64(5) != 0,
                        -reader.GetDouble(6)));
                }
            }

            // Highlights and snippets for the page only (FTS5 computes them from the matching cursor).
            var texts = new Dictionary<long, (string Title, string Snippet)>();
            await using (var snippets = Command(connection, $"""
                SELECT rowid,
                    highlight("DocumentSearch", 1, char({(int)SearchText.HighlightStart}), char({(int)SearchText.HighlightEnd})),
                    snippet("DocumentSearch", 2, char({(int)SearchText.HighlightStart}), char({(int)SearchText.HighlightEnd}), '…', {SnippetWords})
                FROM "DocumentSearch"
                WHERE "DocumentSearch" MATCH $folded AND rowid IN ({string.Join(',', ranked.Select(r => r.RowId.ToString(CultureInfo.InvariantCulture)))})
                """, folded, exact, agency, kind: null))
            {
                await using var reader = await snippets.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    texts[reader.GetInt64(0)] = (Unfold(reader.GetString(1)), Unfold(reader.GetString(2)));
                }
            }

            var hits = ranked.Select(r => new DocumentSearchHit(
                r.DocumentId, r.VersionId, r.Code, r.Kind, texts[r.RowId].Title, texts[r.RowId].Snippet, r.Exact, r.Score)).ToList();
            return new DocumentSearchPage(hits, total);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>An FTS5 string: the words hold only letters, digits and marks, but quote them anyway.</summary>
    private static string Quote(string word) => $"\"{word.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>A word as typed, in NFC or in NFD: the exact table keeps the text as written, and SQLite cannot normalise it
    /// (the app stores NFC; text written otherwise still matches exactly).</summary>
    private static string ExactWord(string word)
    {
        var decomposed = word.Normalize(NormalizationForm.FormD);
        return decomposed == word ? Quote(word) : $"({Quote(word)} OR {Quote(decomposed)})";
    }

    /// <summary>ď/Ď are how đ/Đ are stored in the folded table (see the class summary).</summary>
    private static string Unfold(string text) => text.Replace('ď', 'đ').Replace('Ď', 'Đ');

    private static DbCommand Command(DbConnection connection, string sql, string folded, string exact, string agency, DocumentKind? kind)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (sql.Contains("$folded", StringComparison.Ordinal))
        {
            Add(command, "$folded", folded);
        }

        if (sql.Contains("$exact", StringComparison.Ordinal))
        {
            Add(command, "$exact", exact);
        }

        if (sql.Contains("$agency", StringComparison.Ordinal))
        {
            Add(command, "$agency", agency);
        }

        if (kind is not null)
        {
            Add(command, "$kind", kind.Value.ToString());
        }

        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        parameter.DbType = value switch
        {
            int => DbType.Int32,
            _ => DbType.String,
        };
        command.Parameters.Add(parameter);
    }
}
