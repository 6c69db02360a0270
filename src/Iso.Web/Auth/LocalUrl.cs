namespace Iso.Web.Auth;

/// <summary>Guards redirects (return URLs, culture switch) against leaving the site.</summary>
public static class LocalUrl
{
    /// <summary>True for "/path…" but not "//host" or "/\host" (same rules as MVC's IsLocalUrl).</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
