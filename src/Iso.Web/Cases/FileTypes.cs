using System.Globalization;

namespace Iso.Web.Cases;

/// <summary>The types a scan may have, recognised by their first bytes (what the browser claims is not trusted).</summary>
public static class FileTypes
{
    public static IReadOnlyList<string> AllowedNames { get; } = ["PDF", "JPEG", "PNG", "TIFF"];

    /// <summary>The content's media type, or null when it is none of the allowed ones.</summary>
    public static string? Detect(ReadOnlySpan<byte> content) =>
        content.StartsWith("%PDF-"u8) ? "application/pdf"
        : content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : content.StartsWith("II*\0"u8) || content.StartsWith("MM\0*"u8) ? "image/tiff"
        : null;

    /// <summary>A size as people read it: "820 KB", "1.4 MB".</summary>
    public static string Size(long bytes) =>
        bytes < 1024 * 1024
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (bytes + 1023) / 1024)} KB")
            : Megabytes(bytes) + " MB";

    public static string Megabytes(long bytes) => (bytes / (1024d * 1024d)).ToString("0.#", CultureInfo.InvariantCulture);
}
