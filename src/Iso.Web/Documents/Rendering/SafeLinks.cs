using System.Globalization;

namespace Iso.Web.Documents.Rendering;

/// <summary>
/// Which link targets a document may have: http, https, mailto, and targets inside the app (a path from the root or a
/// fragment). Checked on the URL as Markdig decoded it (entities and backslash escapes already resolved), after
/// removing what browsers ignore or strip inside a URL (white space, control and format characters), so
/// <c>jav&amp;#x09;ascript:</c>, <c>JaVaScRiPt:</c> and <c>\u200Bjavascript:</c> are all seen as <c>javascript:</c>.
/// </summary>
public static class SafeLinks
{
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    public static bool IsAllowed(string? url)
    {
        if (url is null)
        {
            return false;
        }

        var compact = string.Concat(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)
            && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format));
        if (compact.Length == 0)
        {
            return false;
        }

        if (compact[0] == '#')
        {
            return true;
        }

        // "//host" and "\\host" leave the app (browsers read a backslash as a slash).
        if (compact[0] is '/' or '\\')
        {
            return compact.Length == 1 || compact[1] is not ('/' or '\\');
        }

        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var pathStart = compact.IndexOfAny(['/', '\\', '?', '#']);
        if (colon < 0 || (pathStart >= 0 && pathStart < colon))
        {
            // No scheme: a relative path (resolved inside the app).
            return true;
        }

        var scheme = compact[..colon];
        return AllowedSchemes.Any(s => string.Equals(s, scheme, StringComparison.OrdinalIgnoreCase));
    }
}
