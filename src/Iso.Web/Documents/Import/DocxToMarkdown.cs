using System.Globalization;
using System.IO.Packaging;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using M = DocumentFormat.OpenXml.Math;

namespace Iso.Web.Documents.Import;

/// <summary>Something of the Word file that was not carried into the Markdown (or only partly), how often, and an example.</summary>
public sealed record DocxImportWarning(string Code, int Count, string? Example);

/// <summary>An image of the Word file, to be stored as an attachment; <see cref="Placeholder"/> stands in the Markdown for
/// its address until it is known.</summary>
public sealed record DocxImage(string Placeholder, string FileName, byte[] Content, string AltText);

/// <summary>The Markdown made from a Word file, its images, its title (core properties or first heading) and what could
/// not be converted.</summary>
public sealed record DocxConversion(string Markdown, string? Title, IReadOnlyList<DocxImage> Images, IReadOnlyList<DocxImportWarning> Warnings);

/// <summary>Thrown when the bytes are not a Word (.docx) document.</summary>
public sealed class NotADocxException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Converts a Word document (Open XML SDK 2.20, <see cref="WordprocessingDocument"/>) to the Markdown of a draft:
/// headings (by style name, outline level or the Title style), paragraphs, bold/italic/strike-through, hyperlinks
/// (http, https, mailto), numbered and bulleted lists with their levels, tables (the first row as header), and
/// PNG/JPEG images (as attachments). Everything else — other image types, charts, equations, text boxes, footnotes,
/// comments, tracked deletions, merged cells, nested tables, headers and footers, embedded objects — is listed as a
/// warning, with the text kept where there is some.
/// </summary>
public static partial class DocxToMarkdown
{
    /// <summary>The warning codes (localised as <c>DocumentImport_Warning_{code}</c>).</summary>
    public static class Codes
    {
        public const string ImageType = "image-type";
        public const string Chart = "chart";
        public const string Equation = "equation";
        public const string TextBox = "text-box";
        public const string Footnote = "footnote";
        public const string Comment = "comment";
        public const string TrackedDeletion = "tracked-deletion";
        public const string MergedCells = "merged-cells";
        public const string NestedTable = "nested-table";
        public const string HeaderFooter = "header-footer";
        public const string EmbeddedObject = "embedded-object";
        public const string Other = "other";
    }

    public static DocxConversion Convert(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        WordprocessingDocument word;
        try
        {
            word = WordprocessingDocument.Open(new MemoryStream(content, writable: false), isEditable: false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or IOException or InvalidOperationException
                                      or ArgumentException or System.Xml.XmlException)
        {
            throw new NotADocxException("The file is not a Word (.docx) document.", e);
        }

        using (word)
        {
            if (word.MainDocumentPart?.Document?.Body is not { } body)
            {
                throw new NotADocxException("The file has no Word document body.");
            }

            var converter = new Converter(word.MainDocumentPart);
            try
            {
                converter.Blocks(body.ChildElements, 0);
            }
            catch (System.Xml.XmlException e)
            {
                throw new NotADocxException("The Word document's XML is damaged.", e);
            }

            converter.NoteHeadersAndFooters();
            var title = word.PackageProperties.Title is { Length: > 0 } t ? t.Trim() : converter.FirstHeading;
            return new DocxConversion(converter.Markdown(), title, converter.Images, converter.Warnings());
        }
    }

    [GeneratedRegex(@"^heading\s*([1-9])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeadingStyle();

    [GeneratedRegex(@"^(\d+)([.)])(\s)")]
    private static partial Regex OrderedListStart();

    private sealed class Converter(MainDocumentPart main)
    {
        private readonly StringBuilder _markdown = new();
        private readonly Dictionary<string, (int Count, string? Example)> _warnings = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Style> _styles = main.StyleDefinitionsPart?.Styles?.Elements<Style>()
            .Where(s => s.StyleId?.Value is not null).GroupBy(s => s.StyleId!.Value!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)
            ?? new Dictionary<string, Style>(StringComparer.Ordinal);

        private bool _inList;
        private int _tableDepth;

        public List<DocxImage> Images { get; } = [];

        public string? FirstHeading { get; private set; }

        public string Markdown() => _markdown.ToString().TrimEnd() + "\n";

        public List<DocxImportWarning> Warnings() =>
            _warnings.Select(w => new DocxImportWarning(w.Key, w.Value.Count, w.Value.Example)).OrderBy(w => w.Code, StringComparer.Ordinal).ToList();

        public void Blocks(IEnumerable<OpenXmlElement> elements, int depth)
        {
            foreach (var element in elements)
            {
                switch (element)
                {
                    case Paragraph paragraph:
                        Paragraph(paragraph);
                        break;
                    case Table table:
                        EndList();
                        Table(table);
                        break;
                    case SdtBlock sdt:
                        Blocks(sdt.SdtContentBlock?.ChildElements ?? Enumerable.Empty<OpenXmlElement>(), depth + 1);
                        break;
                    case CustomXmlBlock custom:
                        Blocks(custom.ChildElements, depth + 1);
                        break;
                    case SectionProperties or BookmarkStart or BookmarkEnd or ProofError or PermStart or PermEnd
                        or CommentRangeStart or CommentRangeEnd:
                        break;
                    case M.Paragraph math:
                        EndList();
                        Warn(Codes.Equation, math.InnerText);
                        break;
                    default:
                        Warn(Codes.Other, element.LocalName);
                        break;
                }
            }
        }

        public void NoteHeadersAndFooters()
        {
            var text = main.HeaderParts.Select(h => h.Header?.InnerText).Concat(main.FooterParts.Select(f => f.Footer?.InnerText))
                .Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
            if (text.Count > 0)
            {
                Warn(Codes.HeaderFooter, text[0]!.Trim());
            }
        }

        private void Paragraph(Paragraph paragraph)
        {
            var text = Inline(paragraph.ChildElements).Trim();
            var heading = HeadingLevel(paragraph);
            var list = heading is null ? ListItem(paragraph) : null;
            if (text.Length == 0)
            {
                return;
            }

            if (heading is { } level)
            {
                EndList();
                FirstHeading ??= Plain(paragraph);
                _markdown.Append('#', level).Append(' ').Append(text).Append("\n\n");
                return;
            }

            if (list is { } item)
            {
                if (!_inList)
                {
                    _inList = true;
                }

                _markdown.Append(' ', item.Level * 4).Append(item.Ordered ? "1. " : "- ").Append(text).Append('\n');
                return;
            }

            EndList();
            _markdown.Append(EscapeLineStart(text)).Append("\n\n");
        }

        private void EndList()
        {
            if (_inList)
            {
                _markdown.Append('\n');
                _inList = false;
            }
        }

        private void Table(Table table)
        {
            if (_tableDepth > 0)
            {
                Warn(Codes.NestedTable, Shorten(table.InnerText));
                return;
            }

            _tableDepth++;
            try
            {
                var rows = new List<List<string>>();
                foreach (var row in table.Elements<TableRow>())
                {
                    var cells = new List<string>();
                    foreach (var cell in row.Elements<TableCell>())
                    {
                        var properties = cell.TableCellProperties;
                        var span = properties?.GridSpan?.Val?.Value ?? 1;
                        var continued = properties?.VerticalMerge is { } merge && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                        if (span > 1 || continued)
                        {
                            Warn(Codes.MergedCells, Shorten(cell.InnerText));
                        }

                        cells.Add(continued ? string.Empty : Cell(cell));
                        for (var i = 1; i < span; i++)
                        {
                            cells.Add(string.Empty);
                        }
                    }

                    rows.Add(cells);
                }

                if (rows.Count == 0)
                {
                    return;
                }

                var columns = rows.Max(r => r.Count);
                if (columns == 0)
                {
                    return;
                }

                foreach (var (row, index) in rows.Select((r, i) => (r, i)))
                {
                    _markdown.Append('|');
                    for (var c = 0; c < columns; c++)
                    {
                        _markdown.Append(' ').Append(c < row.Count ? row[c] : string.Empty).Append(" |");
                    }

                    _markdown.Append('\n');
                    if (index == 0)
                    {
                        _markdown.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", columns))).Append('\n');
                    }
                }

                _markdown.Append('\n');
            }
            finally
            {
                _tableDepth--;
            }
        }

        /// <summary>A cell's paragraphs on one line (a pipe table cell holds one line); lists inside become "• ".</summary>
        private string Cell(TableCell cell)
        {
            var parts = new List<string>();
            foreach (var element in cell.ChildElements)
            {
                switch (element)
                {
                    case Paragraph p:
                        var text = Inline(p.ChildElements).Trim();
                        if (text.Length > 0)
                        {
                            parts.Add(ListItem(p) is { Ordered: false } ? "• " + text : text);
                        }

                        break;
                    case Table nested:
                        Warn(Codes.NestedTable, Shorten(nested.InnerText));
                        parts.Add(Escape(nested.InnerText, inTable: true));
                        break;
                    case SdtBlock sdt:
                        parts.Add(Escape(sdt.InnerText, inTable: true));
                        break;
                    default:
                        break;
                }
            }

            return string.Join(" ", parts);
        }

        /// <summary>Runs to Markdown: formatting is gathered into spans of equal formatting first, so that Word's many
        /// small runs do not give "**a****b**", and spaces are kept outside the emphasis markers.</summary>
        private string Inline(IEnumerable<OpenXmlElement> elements)
        {
            var spans = new List<(string Text, bool Bold, bool Italic, bool Strike, bool Raw)>();
            CollectInline(elements, spans, link: null);
            var merged = new List<(string Text, bool Bold, bool Italic, bool Strike, bool Raw)>();
            foreach (var span in spans)
            {
                if (merged.Count > 0 && !span.Raw && !merged[^1].Raw && merged[^1].Bold == span.Bold && merged[^1].Italic == span.Italic && merged[^1].Strike == span.Strike)
                {
                    merged[^1] = (merged[^1].Text + span.Text, span.Bold, span.Italic, span.Strike, false);
                }
                else
                {
                    merged.Add(span);
                }
            }

            var result = new StringBuilder();
            foreach (var (text, bold, italic, strike, raw) in merged)
            {
                if (raw)
                {
                    result.Append(text);
                    continue;
                }

                var escaped = Escape(text, inTable: _tableDepth > 0);
                var core = escaped.Trim();
                if (core.Length == 0 || !(bold || italic || strike))
                {
                    result.Append(escaped);
                    continue;
                }

                var marker = (bold ? "**" : string.Empty) + (italic ? "*" : string.Empty) + (strike ? "~~" : string.Empty);
                var closing = new string(marker.Reverse().ToArray());
                var leading = escaped[..(escaped.Length - escaped.TrimStart().Length)];
                var trailing = escaped[escaped.TrimEnd().Length..];
                result.Append(leading).Append(marker).Append(core).Append(closing).Append(trailing);
            }

            return result.ToString();
        }

        private void CollectInline(IEnumerable<OpenXmlElement> elements, List<(string, bool, bool, bool, bool)> spans, string? link)
        {
            foreach (var element in elements)
            {
                switch (element)
                {
                    case Run run:
                        Run(run, spans);
                        break;
                    case Hyperlink hyperlink:
                        var target = hyperlink.Id?.Value is { } id
                            ? main.HyperlinkRelationships.FirstOrDefault(r => r.Id == id)?.Uri
                            : null;
                        var text = Escape(hyperlink.InnerText, inTable: _tableDepth > 0).Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
                        if (target is { IsAbsoluteUri: true } uri && uri.Scheme is "http" or "https" or "mailto" && text.Trim().Length > 0)
                        {
                            spans.Add(($"[{text}](<{uri.AbsoluteUri.Replace(">", "%3E", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)}>)", false, false, false, true));
                        }
                        else
                        {
                            CollectInline(hyperlink.ChildElements, spans, link);
                        }

                        break;
                    case SimpleField field:
                        CollectInline(field.ChildElements, spans, link);
                        break;
                    case SdtRun sdt:
                        CollectInline(sdt.SdtContentRun?.ChildElements ?? Enumerable.Empty<OpenXmlElement>(), spans, link);
                        break;
                    case InsertedRun inserted:
                        CollectInline(inserted.ChildElements, spans, link);
                        break;
                    case CustomXmlRun custom:
                        CollectInline(custom.ChildElements, spans, link);
                        break;
                    case DeletedRun deleted:
                        Warn(Codes.TrackedDeletion, Shorten(deleted.InnerText));
                        break;
                    case M.OfficeMath or M.Paragraph:
                        Warn(Codes.Equation, Shorten(element.InnerText));
                        spans.Add((element.InnerText, false, false, false, false));
                        break;
                    case CommentRangeStart or CommentRangeEnd:
                        break;
                    default:
                        break;
                }
            }
        }

        private void Run(Run run, List<(string, bool, bool, bool, bool)> spans)
        {
            var properties = run.RunProperties;
            var style = properties?.RunStyle?.Val?.Value;
            var bold = On(properties?.Bold) || style is "Strong";
            var italic = On(properties?.Italic) || style is "Emphasis";
            var strike = On(properties?.Strike);
            foreach (var child in run.ChildElements)
            {
                switch (child)
                {
                    case Text text:
                        spans.Add((text.Text, bold, italic, strike, false));
                        break;
                    case TabChar or PositionalTab:
                        spans.Add((" ", bold, italic, strike, false));
                        break;
                    case Break or CarriageReturn:
                        spans.Add((" ", bold, italic, strike, false));
                        break;
                    case NoBreakHyphen:
                        spans.Add(("-", bold, italic, strike, false));
                        break;
                    case Drawing drawing:
                        Drawing(drawing, spans);
                        break;
                    case Picture picture:
                        Warn(Codes.ImageType, "VML");
                        if (picture.Descendants<TextBoxContent>().Any())
                        {
                            Warn(Codes.TextBox, Shorten(picture.InnerText));
                        }

                        break;
                    case EmbeddedObject embedded:
                        Warn(Codes.EmbeddedObject, embedded.Descendants().FirstOrDefault(e => e.LocalName == "OLEObject")?.GetAttributes()
                            .FirstOrDefault(a => a.LocalName == "ProgID").Value);
                        break;
                    case FootnoteReference or EndnoteReference:
                        Warn(Codes.Footnote, null);
                        break;
                    case CommentReference:
                        Warn(Codes.Comment, null);
                        break;
                    case AlternateContent alternate:
                        // Modern shapes (text boxes, charts in compatibility wrappers): their text is kept, the shape is not.
                        var inner = alternate.Descendants<TextBoxContent>().FirstOrDefault();
                        Warn(inner is null ? Codes.Other : Codes.TextBox, Shorten(alternate.InnerText));
                        break;
                    default:
                        break;
                }
            }
        }

        private void Drawing(Drawing drawing, List<(string, bool, bool, bool, bool)> spans)
        {
            if (drawing.Descendants<TextBoxContent>().Any() || drawing.Descendants().Any(d => d.LocalName == "txbx"))
            {
                Warn(Codes.TextBox, Shorten(drawing.InnerText));
                return;
            }

            if (drawing.Descendants<A.Charts.ChartReference>().Any())
            {
                Warn(Codes.Chart, drawing.Descendants<DW.DocProperties>().FirstOrDefault()?.Name?.Value);
                return;
            }

            var blip = drawing.Descendants<A.Blip>().FirstOrDefault();
            var properties = drawing.Descendants<DW.DocProperties>().FirstOrDefault();
            var alt = (properties?.Description?.Value ?? properties?.Title?.Value ?? properties?.Name?.Value ?? string.Empty).Trim();
            if (blip?.Embed?.Value is not { } id || main.GetPartById(id) is not ImagePart image)
            {
                Warn(Codes.Other, "drawing");
                return;
            }

            byte[] bytes;
            using (var stream = image.GetStream())
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                bytes = buffer.ToArray();
            }

            var extension = bytes.AsSpan().StartsWith(PngMagic) ? ".png" : bytes.AsSpan().StartsWith(JpegMagic) ? ".jpg" : null;
            if (extension is null)
            {
                Warn(Codes.ImageType, image.ContentType);
                return;
            }

            var number = Images.Count + 1;
            var placeholder = $"docx-image-{number}-{Guid.NewGuid():N}";
            Images.Add(new DocxImage(placeholder, $"hinh-{number.ToString(CultureInfo.InvariantCulture)}{extension}", bytes, alt));
            var altText = Escape(alt, inTable: _tableDepth > 0).Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
            spans.Add(($"![{altText}]({placeholder})", false, false, false, true));
        }

        private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

        private static bool On(OnOffType? value) => value is not null && (value.Val is null || value.Val.Value);

        private int? HeadingLevel(Paragraph paragraph)
        {
            if (paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 6)
            {
                return outline + 1;
            }

            var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
            for (var depth = 0; styleId is not null && depth < 8 && _styles.TryGetValue(styleId, out var style); depth++)
            {
                var name = style.StyleName?.Val?.Value ?? styleId;
                if (HeadingStyle().Match(name) is { Success: true } match)
                {
                    return Math.Min(6, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
                }

                if (string.Equals(name, "Title", StringComparison.OrdinalIgnoreCase))
                {
                    return 1;
                }

                if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } level && level < 6)
                {
                    return level + 1;
                }

                styleId = style.BasedOn?.Val?.Value;
            }

            return null;
        }

        private (int Level, bool Ordered)? ListItem(Paragraph paragraph)
        {
            var numbering = paragraph.ParagraphProperties?.NumberingProperties;
            var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
            for (var depth = 0; numbering?.NumberingId is null && styleId is not null && depth < 8 && _styles.TryGetValue(styleId, out var style); depth++)
            {
                numbering = style.StyleParagraphProperties?.NumberingProperties;
                styleId = style.BasedOn?.Val?.Value;
            }

            if (numbering?.NumberingId?.Val?.Value is not { } numId || numId == 0)
            {
                return null;
            }

            var level = Math.Clamp(numbering.NumberingLevelReference?.Val?.Value ?? 0, 0, 8);
            var definitions = main.NumberingDefinitionsPart?.Numbering;
            var instance = definitions?.Elements<NumberingInstance>().FirstOrDefault(n => n.NumberID?.Value == numId);
            var abstractId = instance?.AbstractNumId?.Val?.Value;
            var format = definitions?.Elements<AbstractNum>().FirstOrDefault(a => a.AbstractNumberId?.Value == abstractId)?
                .Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level)?.NumberingFormat?.Val?.Value;
            var ordered = format is not null && format != NumberFormatValues.Bullet && format != NumberFormatValues.None;
            return (level, ordered);
        }

        private static string Plain(Paragraph paragraph) =>
            string.Concat(paragraph.Descendants<Text>().Select(t => t.Text)).Trim();

        private void Warn(string code, string? example)
        {
            var value = _warnings.TryGetValue(code, out var existing) ? existing : (0, null);
            _warnings[code] = (value.Count + 1, value.Example ?? (string.IsNullOrWhiteSpace(example) ? null : Shorten(example)));
        }

        private static string Shorten(string text)
        {
            var single = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return single.Length <= 80 ? single : single[..80] + "…";
        }
    }

    /// <summary>Text as literal Markdown: the characters that would start emphasis, links, code, HTML or a table cell are
    /// backslash-escaped (the renderer has raw HTML off anyway).</summary>
    private static string Escape(string text, bool inTable)
    {
        var result = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '~' || (inTable && c == '|'))
            {
                result.Append('\\');
            }

            result.Append(c is '\r' or '\n' or '\t' ? ' ' : c);
        }

        return result.ToString();
    }

    /// <summary>A paragraph that starts like a heading, a list item, a quote or a table row is escaped so it stays a paragraph.</summary>
    private static string EscapeLineStart(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (text[0] is '#' or '+' or '-' or '=' or '|' || (text[0] == '>' && text.Length > 0))
        {
            return "\\" + text;
        }

        return OrderedListStart().Replace(text, "$1\\$2$3", 1);
    }
}
