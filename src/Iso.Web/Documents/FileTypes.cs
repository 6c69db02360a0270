using System.IO.Compression;

namespace Iso.Web.Documents;

/// <summary>
/// The kinds of file a document may carry (forms and templates: PDF, Word, Excel, OpenDocument, PNG, JPEG), told by
/// their content — the first bytes, and for Office and OpenDocument files the package inside — never by the name or
/// the type the browser claims. Anything else (SVG, HTML, scripts, executables, plain text) is refused: a file served
/// from our origin must not be able to run in it.
/// </summary>
public static class FileTypes
{
    public sealed record FileType(string ContentType, IReadOnlyList<string> Extensions);

    private static readonly FileType Pdf = new("application/pdf", [".pdf"]);
    private static readonly FileType Png = new("image/png", [".png"]);
    private static readonly FileType Jpeg = new("image/jpeg", [".jpg", ".jpeg"]);
    private static readonly FileType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"]);
    private static readonly FileType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"]);
    private static readonly FileType Odt = new("application/vnd.oasis.opendocument.text", [".odt"]);
    private static readonly FileType Ods = new("application/vnd.oasis.opendocument.spreadsheet", [".ods"]);
    private static readonly FileType Doc = new("application/msword", [".doc"]);
    private static readonly FileType Xls = new("application/vnd.ms-excel", [".xls"]);

    /// <summary>The file's type when its content is one we take and its name's extension agrees; otherwise null.</summary>
    public static FileType? Detect(string fileName, ReadOnlySpan<byte> content)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var type = Sniff(extension, content);
        return type is not null && type.Extensions.Contains(extension) ? type : null;
    }

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> OleMagic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static FileType? Sniff(string extension, ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (content.StartsWith(PngMagic))
        {
            return Png;
        }

        if (content.StartsWith(JpegMagic))
        {
            return Jpeg;
        }

        if (content.StartsWith(OleMagic))
        {
            return extension == ".xls" ? Xls : Doc;
        }

        return content.StartsWith("PK\x03\x04"u8) ? SniffPackage(content.ToArray()) : null;
    }

    /// <summary>A zip is an Office file when its parts say so ([Content_Types].xml and the main part), an OpenDocument
    /// file when its <c>mimetype</c> entry does.</summary>
    private static FileType? SniffPackage(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry("[Content_Types].xml") is not null)
            {
                return zip.GetEntry("word/document.xml") is not null ? Docx
                    : zip.GetEntry("xl/workbook.xml") is not null ? Xlsx
                    : null;
            }

            if (zip.GetEntry("mimetype") is { Length: < 200 } entry)
            {
                using var reader = new StreamReader(entry.Open());
                return reader.ReadToEnd().Trim() switch
                {
                    "application/vnd.oasis.opendocument.text" => Odt,
                    "application/vnd.oasis.opendocument.spreadsheet" => Ods,
                    _ => null,
                };
            }
        }
        catch (InvalidDataException)
        {
            // Not a readable zip after all.
        }

        return null;
    }
}
