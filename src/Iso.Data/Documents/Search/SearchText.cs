using System.Globalization;
using System.Text;

namespace Iso.Data.Documents.Search;

/// <summary>
/// How search text is prepared, the same for both providers: NFC (a decomposed "ệ" typed by some Vietnamese keyboards
/// is the composed one), words of letters, digits and their marks (everything else separates words, so no query syntax
/// of either engine reaches the database), and đ/Đ folded to d/D for the diacritic-insensitive side (neither FTS5's
/// <c>remove_diacritics</c> nor Unicode decomposition folds đ, which is a letter of its own, not d with a mark).
/// </summary>
public static class SearchText
{
    /// <summary>Marks the start of a matched word in titles and snippets (a private-use character, never HTML).</summary>
    public const char HighlightStart = '\uE000';

    /// <summary>Marks the end of a matched word.</summary>
    public const char HighlightEnd = '\uE001';

    /// <summary>At most this many words of a query are searched.</summary>
    public const int MaxWords = 16;

    /// <summary>The words of <paramref name="text"/>, NFC, lower case, as typed (diacritics kept).</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var normalized = text.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.InvariantCulture);
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in normalized)
        {
            if (IsWordCharacter(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words.Distinct(StringComparer.Ordinal).Take(MaxWords).ToList();
    }

    /// <summary>đ → d and Đ → D (the one Vietnamese letter that no decomposition folds).</summary>
    public static string FoldD(string word) => word.Replace('đ', 'd').Replace('Đ', 'D');

    internal static bool IsWordCharacter(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
