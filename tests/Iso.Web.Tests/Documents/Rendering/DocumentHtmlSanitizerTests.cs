using AngleSharp.Html.Parser;
using Iso.Web.Documents.Rendering;

namespace Iso.Web.Tests.Documents.Rendering;

public sealed class DocumentHtmlSanitizerTests
{
    private readonly DocumentHtmlSanitizer _sanitizer = new();

    [Fact]
    public void Sanitize_KeepsOurClassesAndPrefixedIds_AndDropsStyleHandlersForeignClassesAndIds()
    {
        var html = _sanitizer.Sanitize("""
            <h2 id="doc-muc-dich" class="iso-xref evil">A</h2>
            <p id="app" style="position:fixed;inset:0;opacity:0" onclick="x()" data-x="1" class="mud-button">B</p>
            <li id="fn:1"><a href="#fnref:1" class="footnote-back-ref">↩</a></li>
            <form action="/dang-xuat"><button>C</button></form>
            <input type="text" value="x"><input type="checkbox" checked>
            <a href="javascript:alert(1)">D</a><svg onload="alert(1)"></svg><math></math>
            """);
        var dom = new HtmlParser().ParseDocument($"<body>{html}</body>");

        Assert.Equal("doc-muc-dich", dom.QuerySelector("h2")!.Id);
        Assert.Equal("iso-xref", dom.QuerySelector("h2")!.ClassName);
        var paragraph = dom.QuerySelector("p")!;
        Assert.Empty(paragraph.Attributes);
        Assert.Equal("fn:1", dom.QuerySelector("li")!.Id);
        Assert.Empty(dom.QuerySelectorAll("form, button, svg, math, input[type=text]"));
        var box = Assert.Single(dom.QuerySelectorAll("input"));
        Assert.True(box.HasAttribute("disabled"));
        Assert.False(dom.QuerySelector("a:not(.footnote-back-ref)")!.HasAttribute("href"));
    }
}
