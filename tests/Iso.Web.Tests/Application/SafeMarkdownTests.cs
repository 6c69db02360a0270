using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Iso.Web.Application;

namespace Iso.Web.Tests.Application;

/// <summary>What a browser would make of the HTML: no executable element, no event or style attribute, links only to
/// http, https and mailto. Typed tags may remain as text (escaped), which is harmless.</summary>
public sealed class SafeMarkdownTests
{
    private static readonly string[] AllowedSchemes = ["http:", "https:", "mailto:"];
    private readonly SafeMarkdown _markdown = new();

    [Fact]
    public void Markdown_IsRenderedAsHtml()
    {
        var html = _markdown.ToHtml("Bước 1: **kiểm tra** hồ sơ.\n\n- đủ\n- thiếu\n\n[Cổng dịch vụ công](https://dichvucong.gov.vn) · <mailto:motcua@example.gov.vn>");

        var dom = Parse(html);
        Assert.Equal("kiểm tra", dom.QuerySelector("strong")?.TextContent);
        Assert.Equal(2, dom.QuerySelectorAll("li").Length);
        Assert.Equal(["https://dichvucong.gov.vn", "mailto:motcua@example.gov.vn"], dom.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"https://x.vn\" onclick=\"alert(1)\">x</a>")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\">x</div>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<iframe src=\"https://x.vn\"></iframe>")]
    [InlineData("[trang](https://x.vn \"tiêu đề\" onmouseover=alert(1))")]
    [InlineData("`<script>` trong mã <b onmouseover=alert(1)>đậm</b>")]
    public void TypedHtml_NeverBecomesElementsOrAttributes(string typed)
    {
        var dom = Parse(_markdown.ToHtml(typed));

        Assert.Empty(dom.QuerySelectorAll("script, img, svg, iframe, style, object, embed, form, input"));
        Assert.All(dom.QuerySelectorAll("*"), element => Assert.DoesNotContain(element.Attributes, a =>
            a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name is "style" or "src"));
        Assert.All(dom.QuerySelectorAll("a[href]"), a => Assert.Contains(AllowedSchemes, s => a.GetAttribute("href")!.StartsWith(s, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](javascript&#58;alert(1))")]
    [InlineData("[x](&#106;avascript:alert(1))")]
    [InlineData("[x](&#x6A;avascript&#x3A;alert(1))")]
    [InlineData("[x](java%0ascript:alert(1))")]
    [InlineData("[x](\u0001javascript:alert(1))")]
    [InlineData("[x](<javascript:alert(1)>)")]
    [InlineData("[x]: javascript:alert(1)\n\n[x]")]
    [InlineData("[x](vbscript:msgbox(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x](/duong-dan-tuong-doi)")]
    public void Links_OtherThanHttpHttpsAndMailto_LoseTheirAddress(string typed)
    {
        var dom = Parse(_markdown.ToHtml(typed));

        Assert.Empty(dom.QuerySelectorAll("[href]"));
    }

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument($"<body>{html}</body>");
}
