using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Iso.Web.Tests.Documents.Import;

/// <summary>Builds small, real-shaped Word files with the Open XML SDK (2.20), as Word writes them: heading styles,
/// numbering definitions, tables, inline pictures, tracked changes, headers.</summary>
internal sealed class TestDocx : IDisposable
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>A 1×1 GIF (a type the import does not take).</summary>
    public static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private readonly MemoryStream _stream = new();
    private readonly WordprocessingDocument _word;
    private readonly MainDocumentPart _main;
    private readonly Body _body = new();
    private uint _drawingId;

    public TestDocx()
    {
        _word = WordprocessingDocument.Create(_stream, WordprocessingDocumentType.Document);
        _main = _word.AddMainDocumentPart();
        _main.Document = new Document(_body);
        _main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
            HeadingStyle("Heading1", "heading 1"), HeadingStyle("Heading2", "heading 2"), HeadingStyle("Heading3", "heading 3"));
        _main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
            new AbstractNum(
                new Level(new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "•" }) { LevelIndex = 0 },
                new Level(new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "o" }) { LevelIndex = 1 }) { AbstractNumberId = 1 },
            new AbstractNum(new Level(new NumberingFormat { Val = NumberFormatValues.Decimal }, new LevelText { Val = "%1." }) { LevelIndex = 0 }) { AbstractNumberId = 2 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 },
            new NumberingInstance(new AbstractNumId { Val = 2 }) { NumberID = 2 });
    }

    public const int Bullets = 1;
    public const int Numbers = 2;

    public TestDocx Heading(int level, string text)
    {
        _body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }), new Run(new Text(text))));
        return this;
    }

    /// <summary>A paragraph of runs: "**x**" bold, "*x*" italic, anything else plain (a tiny notation for tests).</summary>
    public TestDocx Paragraph(params string[] runs)
    {
        _body.Append(new Paragraph(runs.Select(Run)));
        return this;
    }

    public TestDocx ListItem(int numbering, int level, string text)
    {
        _body.Append(new Paragraph(
            new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = numbering })),
            new Run(new Text(text))));
        return this;
    }

    public TestDocx Table(params string[][] rows)
    {
        var table = new Table(new TableProperties(new TableBorders()));
        foreach (var row in rows)
        {
            table.Append(new TableRow(row.Select(cell => cell.StartsWith("span:", StringComparison.Ordinal)
                ? new TableCell(new TableCellProperties(new GridSpan { Val = 2 }), new Paragraph(new Run(new Text(cell[5..]))))
                : new TableCell(new Paragraph(new Run(new Text(cell) { Space = SpaceProcessingModeValues.Preserve }))))));
        }

        _body.Append(table);
        return this;
    }

    public TestDocx Image(byte[] content, ImagePartType type, string description)
    {
        var part = _main.AddImagePart(type);
        using (var data = new MemoryStream(content))
        {
            part.FeedData(data);
        }

        var id = ++_drawingId;
        _body.Append(new Paragraph(new Run(new Drawing(new DW.Inline(
            new DW.Extent { Cx = 990000L, Cy = 792000L },
            new DW.DocProperties { Id = id, Name = $"Picture {id}", Description = description },
            new A.Graphic(new A.GraphicData(new PIC.Picture(
                new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = $"image{id}" }, new PIC.NonVisualPictureDrawingProperties()),
                new PIC.BlipFill(new A.Blip { Embed = _main.GetIdOfPart(part) }, new A.Stretch(new A.FillRectangle())),
                new PIC.ShapeProperties())) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))))));
        return this;
    }

    /// <summary>A paragraph with a tracked deletion and a footnote reference (neither is carried into the Markdown).</summary>
    public TestDocx Unsupported(string kept, string deleted)
    {
        _body.Append(new Paragraph(
            new Run(new Text(kept) { Space = SpaceProcessingModeValues.Preserve }),
            new DeletedRun(new Run(new DeletedText(deleted))) { Id = "1", Author = "Người sửa" },
            new Run(new FootnoteReference { Id = 1 })));
        return this;
    }

    public TestDocx Header(string text)
    {
        var header = _main.AddNewPart<HeaderPart>();
        header.Header = new Header(new Paragraph(new Run(new Text(text))));
        return this;
    }

    public byte[] ToBytes()
    {
        _main.Document.Save();
        _word.Dispose();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _word.Dispose();
        _stream.Dispose();
    }

    private static Style HeadingStyle(string id, string name) =>
        new(new StyleName { Val = name }, new BasedOn { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = id };

    private static Run Run(string notation)
    {
        if (notation.Length > 4 && notation.StartsWith("**", StringComparison.Ordinal) && notation.EndsWith("**", StringComparison.Ordinal))
        {
            return new Run(new RunProperties(new Bold()), new Text(notation[2..^2]) { Space = SpaceProcessingModeValues.Preserve });
        }

        if (notation.Length > 2 && notation[0] == '*' && notation[^1] == '*')
        {
            return new Run(new RunProperties(new Italic()), new Text(notation[1..^1]) { Space = SpaceProcessingModeValues.Preserve });
        }

        return new Run(new Text(notation) { Space = SpaceProcessingModeValues.Preserve });
    }
}
