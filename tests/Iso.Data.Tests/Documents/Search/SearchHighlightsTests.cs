using Iso.Data.Documents.Search;

namespace Iso.Data.Tests.Documents.Search;

/// <summary>The .NET highlighting PostgreSQL search uses instead of ts_headline: folded like the index (marks, đ, case).</summary>
public sealed class SearchHighlightsTests
{
    private static string Marked(string word) => $"{SearchText.HighlightStart}{word}{SearchText.HighlightEnd}";

    [Fact]
    public void HighlightAll_MarksEveryWordWhoseFoldedFormIsAQueryWord_IncludingD()
    {
        var folded = SearchHighlights.FoldAll(SearchText.Words("dang ky KIEM soat"));

        var title = SearchHighlights.HighlightAll("Đăng ký kiểm soát tài liệu, đang kiểm tra", folded);

        Assert.Equal($"{Marked("Đăng")} {Marked("ký")} {Marked("kiểm")} {Marked("soát")} tài liệu, {Marked("đang")} {Marked("kiểm")} tra", title);
    }

    [Fact]
    public void Snippet_IsTheWindowWithTheMostQueryWords_WithEllipsesWhereTheTextGoesOn()
    {
        var filler = string.Join(' ', Enumerable.Repeat("nội dung", 30));
        var text = $"{filler} lưu trữ hồ sơ giấy\n\ntại kho {filler}";
        var folded = SearchHighlights.FoldAll(SearchText.Words("luu tru ho so"));

        var snippet = SearchHighlights.Snippet(text, folded);

        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet, StringComparison.Ordinal);
        Assert.Contains($"{Marked("lưu")} {Marked("trữ")} {Marked("hồ")} {Marked("sơ")} giấy tại kho", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Snippet_OfAShortTextWithoutMatches_IsTheText()
    {
        Assert.Equal("Mẫu phiếu.", SearchHighlights.Snippet("Mẫu phiếu.", SearchHighlights.FoldAll(["bm", "01"])));
        Assert.Equal("chat luong", SearchHighlights.Fold("Chất Lượng"));
        Assert.Equal("viet", SearchHighlights.Fold("việt".Normalize(System.Text.NormalizationForm.FormD)));
    }
}
