using System.Globalization;
using System.Text;

namespace Iso.Data.Documents.Search;

/// <summary>
/// Highlighted titles and snippets made in .NET from the page's texts (PostgreSQL: <c>ts_headline</c> re-parses every
/// body through the unaccent dictionary and, with fragments, costs several milliseconds a hit — most of a search). A
/// word of the text matches when its folded form (marks removed, đ → d, lower case: what <c>unaccent</c> + <c>simple</c>
/// index) is a folded query word, as the index matched it. Words are runs of letters, digits and marks, as in
/// <see cref="SearchText.Words"/>. The snippet is the window of <see cref="SnippetWords"/> words holding the most
/// distinct query words (then the most matches, then the earliest), with "…" where the text goes on, like FTS5's
/// <c>snippet()</c> on SQLite; white space is collapsed to one space.
/// </summary>
public static class SearchHighlights
{
    public const int SnippetWords = 24;

    /// <summary>Marks removed, đ/Đ → d, lower case.</summary>
    public static string Fold(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var ascii = true;
        foreach (var c in word)
        {
            if (c > 0x7F)
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            return word.ToLowerInvariant();
        }

        var decomposed = SearchText.FoldD(word).Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The folded forms of the query's words.</summary>
    public static IReadOnlyList<string> FoldAll(IEnumerable<string> words) => [.. words.Select(Fold).Distinct(StringComparer.Ordinal)];

    /// <summary>The whole text with every matching word between <see cref="SearchText.HighlightStart"/> and
    /// <see cref="SearchText.HighlightEnd"/>.</summary>
    public static string HighlightAll(string text, IReadOnlyList<string> folded)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokens(text, folded);
        return Write(text, tokens, 0, tokens.Count, ellipses: false);
    }

    /// <summary>An excerpt of <see cref="SnippetWords"/> words around the matches, highlighted.</summary>
    public static string Snippet(string text, IReadOnlyList<string> folded, int words = SnippetWords)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokens(text, folded);
        if (tokens.Count <= words)
        {
            return Write(text, tokens, 0, tokens.Count, ellipses: true);
        }

        // Sliding window: per start, how many distinct query words and how many matches it holds.
        var counts = new int[Math.Max(1, folded.Count)];
        var distinct = 0;
        var matches = 0;
        void Add(Token token, int delta)
        {
            if (token.Word < 0)
            {
                return;
            }

            matches += delta;
            counts[token.Word] += delta;
            if (delta > 0 && counts[token.Word] == 1)
            {
                distinct++;
            }
            else if (delta < 0 && counts[token.Word] == 0)
            {
                distinct--;
            }
        }

        for (var i = 0; i < words; i++)
        {
            Add(tokens[i], 1);
        }

        var (bestStart, bestDistinct, bestMatches) = (0, distinct, matches);
        for (var start = 1; start + words <= tokens.Count; start++)
        {
            Add(tokens[start - 1], -1);
            Add(tokens[start + words - 1], 1);
            if (distinct > bestDistinct || (distinct == bestDistinct && matches > bestMatches))
            {
                (bestStart, bestDistinct, bestMatches) = (start, distinct, matches);
            }
        }

        // The earliest best window ends at its last match; move it on so that its first match is three words in (only
        // unmatched words leave at the front, so it keeps every match), and read the matches in context.
        var first = bestStart;
        while (first < bestStart + words && tokens[first].Word < 0)
        {
            first++;
        }

        bestStart = Math.Min(Math.Max(bestStart, first - 3), tokens.Count - words);
        return Write(text, tokens, bestStart, bestStart + words, ellipses: true);
    }

    private readonly record struct Token(int Start, int End, int Word);

    private static List<Token> Tokens(string text, IReadOnlyList<string> folded)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (!SearchText.IsWordCharacter(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && SearchText.IsWordCharacter(text[i]))
            {
                i++;
            }

            var word = -1;
            if (folded.Count > 0)
            {
                var form = Fold(text[start..i]);
                for (var w = 0; w < folded.Count; w++)
                {
                    if (string.Equals(folded[w], form, StringComparison.Ordinal))
                    {
                        word = w;
                        break;
                    }
                }
            }

            tokens.Add(new Token(start, i, word));
        }

        return tokens;
    }

    private static string Write(string text, List<Token> tokens, int from, int to, bool ellipses)
    {
        if (tokens.Count == 0)
        {
            return ellipses ? Collapse(text, 0, text.Length).Trim() : text;
        }

        var output = new StringBuilder();
        // A window cut inside the text starts and ends at a word; where it reaches the text's start or end, it keeps the
        // punctuation there.
        var begin = ellipses && from > 0 ? tokens[from].Start : 0;
        var end = ellipses && to < tokens.Count ? tokens[to - 1].End : text.Length;
        if (ellipses && from > 0)
        {
            output.Append('…');
        }

        var position = begin;
        for (var t = from; t < to; t++)
        {
            var token = tokens[t];
            if (token.Word < 0)
            {
                continue;
            }

            Append(output, text, position, token.Start, ellipses);
            output.Append(SearchText.HighlightStart).Append(text, token.Start, token.End - token.Start).Append(SearchText.HighlightEnd);
            position = token.End;
        }

        Append(output, text, position, end, ellipses);
        if (ellipses && to < tokens.Count)
        {
            output.Append('…');
        }

        return ellipses ? output.ToString().Trim() : output.ToString();
    }

    private static void Append(StringBuilder output, string text, int from, int to, bool collapse)
    {
        if (!collapse)
        {
            output.Append(text, from, to - from);
            return;
        }

        output.Append(Collapse(text, from, to));
    }

    private static string Collapse(string text, int from, int to)
    {
        var collapsed = new StringBuilder(to - from);
        var space = false;
        for (var i = from; i < to; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                space = true;
                continue;
            }

            if (space && (collapsed.Length > 0 || from > 0))
            {
                collapsed.Append(' ');
            }

            space = false;
            collapsed.Append(text[i]);
        }

        if (space)
        {
            collapsed.Append(' ');
        }

        return collapsed.ToString();
    }
}
