using DocumentFormat.OpenXml.Packaging;
using Iso.Web.Documents.Import;

namespace Iso.Web.Tests.Documents.Import;

/// <summary>A small, real-shaped Word procedure made in the test becomes Markdown; what cannot be converted is listed.</summary>
public sealed class DocxToMarkdownTests
{
    [Fact]
    public void Procedure_BecomesMarkdown_WithHeadingsEmphasisListsTableAndImage()
    {
        using var docx = new TestDocx()
            .Heading(1, "Quy trình kiểm soát tài liệu")
            .Heading(2, "1. Mục đích")
            .Paragraph("Văn bản ", "**đậm**", " và ", "*nghiêng*", " trong một câu.")
            .Paragraph("Ký tự *đặc biệt* [giữ nguyên] <b>");
        docx.ListItem(TestDocx.Bullets, 0, "Mục một").ListItem(TestDocx.Bullets, 0, "Mục hai").ListItem(TestDocx.Bullets, 1, "Mục con")
            .Paragraph("Các bước:")
            .ListItem(TestDocx.Numbers, 0, "Bước một").ListItem(TestDocx.Numbers, 0, "Bước hai")
            .Table(["Bước", "Người thực hiện"], ["1", "Cán bộ | tổ"])
            .Image(TestDocx.Png, ImagePartType.Png, "Sơ đồ quy trình");

        var result = DocxToMarkdown.Convert(docx.ToBytes());

        Assert.Equal("Quy trình kiểm soát tài liệu", result.Title);
        Assert.Equal(
            """
            # Quy trình kiểm soát tài liệu

            ## 1. Mục đích

            Văn bản **đậm** và *nghiêng* trong một câu.

            Ký tự \*đặc biệt\* \[giữ nguyên\] \<b\>

            - Mục một
            - Mục hai
                - Mục con

            Các bước:

            1. Bước một
            1. Bước hai

            | Bước | Người thực hiện |
            | --- | --- |
            | 1 | Cán bộ \| tổ |

            ![Sơ đồ quy trình](PLACEHOLDER)

            """.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("PLACEHOLDER", result.Images[0].Placeholder, StringComparison.Ordinal),
            result.Markdown);
        var image = Assert.Single(result.Images);
        Assert.Equal("hinh-1.png", image.FileName);
        Assert.Equal(TestDocx.Png, image.Content);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void WhatCannotBeConverted_IsListed_AndTheTextAroundItKept()
    {
        using var docx = new TestDocx()
            .Heading(1, "Hướng dẫn")
            .Unsupported("Nội dung giữ lại. ", "câu đã xóa")
            .Image(TestDocx.Gif, ImagePartType.Gif, "Ảnh GIF")
            .Table(["span:Ô gộp"], ["a", "b"])
            .Header("SỞ TƯ PHÁP — QT-01");

        var result = DocxToMarkdown.Convert(docx.ToBytes());

        Assert.Contains("Nội dung giữ lại.", result.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("câu đã xóa", result.Markdown, StringComparison.Ordinal);
        Assert.Empty(result.Images);
        Assert.Equal(
            [DocxToMarkdown.Codes.Footnote, DocxToMarkdown.Codes.HeaderFooter, DocxToMarkdown.Codes.ImageType, DocxToMarkdown.Codes.MergedCells, DocxToMarkdown.Codes.TrackedDeletion],
            result.Warnings.Select(w => w.Code));
        Assert.Equal("câu đã xóa", result.Warnings.Single(w => w.Code == DocxToMarkdown.Codes.TrackedDeletion).Example);
        Assert.Equal("image/gif", result.Warnings.Single(w => w.Code == DocxToMarkdown.Codes.ImageType).Example);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0 })]
    public void NotAWordFile_IsRefused(byte[] content) =>
        Assert.Throws<NotADocxException>(() => DocxToMarkdown.Convert(content));
}
