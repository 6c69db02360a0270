using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Iso.DocumentBenchmarks;

/// <summary>A generated Word procedure of about <c>pages</c> A4 pages: per page a heading, three paragraphs with bold
/// and italic runs split as Word splits them, a bulleted list and a 6-row table.</summary>
internal static class TestWord
{
    public static byte[] Procedure(int pages)
    {
        var random = new Random(31);
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
                new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
                new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "Heading2" });
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
                new AbstractNum(new Level(new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "•" }) { LevelIndex = 0 }) { AbstractNumberId = 1 },
                new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 });
            body.Append(Heading(1, "Quy trình kiểm soát tài liệu"));
            for (var page = 1; page <= pages; page++)
            {
                body.Append(Heading(2, $"{page.ToString(CultureInfo.InvariantCulture)}. {VietnameseText.Sentence(random, 4).TrimEnd('.')}"));
                for (var p = 0; p < 3; p++)
                {
                    var paragraph = new Paragraph();
                    foreach (var sentence in VietnameseText.Paragraph(random, 110).Split(". "))
                    {
                        paragraph.Append(new Run(new Text(sentence + ". ") { Space = SpaceProcessingModeValues.Preserve }));
                    }

                    paragraph.Append(new Run(new RunProperties(new Bold()), new Text(VietnameseText.Sentence(random, 3))));
                    paragraph.Append(new Run(new RunProperties(new Italic()), new Text(" " + VietnameseText.Sentence(random, 3)) { Space = SpaceProcessingModeValues.Preserve }));
                    body.Append(paragraph);
                }

                for (var item = 0; item < 4; item++)
                {
                    body.Append(new Paragraph(
                        new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })),
                        new Run(new Text(VietnameseText.Sentence(random, 8)))));
                }

                var table = new Table(new TableProperties(new TableBorders()));
                table.Append(Row("TT", "Công việc", "Trách nhiệm", "Thời hạn", "Biểu mẫu"));
                for (var row = 1; row <= 6; row++)
                {
                    table.Append(Row(row.ToString(CultureInfo.InvariantCulture), VietnameseText.Sentence(random, 6), VietnameseText.Sentence(random, 2), $"{row * 2} ngày", $"BM-0{row}"));
                }

                body.Append(table);
            }

            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Paragraph Heading(int level, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }), new Run(new Text(text)));

    private static TableRow Row(params string[] cells) =>
        new(cells.Select(c => new TableCell(new Paragraph(new Run(new Text(c))))));
}
