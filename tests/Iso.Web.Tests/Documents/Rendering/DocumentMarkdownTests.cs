using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Iso.Web.Documents.Rendering;

namespace Iso.Web.Tests.Documents.Rendering;

public sealed class DocumentMarkdownTests
{
    private static readonly DocumentMarkdown Renderer = new(new DocumentHtmlSanitizer());

    private static Task<RenderedMarkdown> RenderAsync(string markdown, IReadOnlyDictionary<string, string>? targets = null) =>
        Renderer.RenderAsync(markdown, _ => Task.FromResult(targets ?? new Dictionary<string, string>()));

    private static IDocument Dom(string html) => new HtmlParser().ParseDocument($"<body>{html}</body>");

    [Fact]
    public async Task Render_ProducesTablesListsFootnotesHeadingAnchorsTaskListsAndEmphasisExtras()
    {
        var html = (await RenderAsync("""
            # Mục đích

            | Bước | Nội dung |
            |---|---:|
            | 1 | Tiếp nhận |

            1. một
            2. hai

            a. thứ nhất
            b. thứ hai

            - [x] đã làm
            - [ ] chưa làm

            Văn bản ~~cũ~~ ++mới++ ==đánh dấu== H~2~O x^2^ có chú thích[^1].

            [^1]: Theo Thông tư 26/2014/TT-BKHCN.
            """)).Html;
        var dom = Dom(html);

        Assert.Equal("doc-muc-dich", dom.QuerySelector("h1")!.Id);
        Assert.Equal("Tiếp nhận", dom.QuerySelector("table td:nth-child(2)")!.TextContent);
        Assert.Equal(2, dom.QuerySelectorAll("body > ol:not([type]) > li").Length);
        Assert.NotNull(dom.QuerySelector("ol[type='a']"));
        var boxes = dom.QuerySelectorAll("li.task-list-item input[type=checkbox]");
        Assert.Equal(2, boxes.Length);
        Assert.All(boxes, b => Assert.True(b.HasAttribute("disabled")));
        Assert.True(boxes[0].HasAttribute("checked"));
        Assert.Equal("cũ", dom.QuerySelector("del")!.TextContent);
        Assert.Equal("mới", dom.QuerySelector("ins")!.TextContent);
        Assert.Equal("đánh dấu", dom.QuerySelector("mark")!.TextContent);
        Assert.Equal("2", dom.QuerySelector("sub")!.TextContent);
        Assert.Equal("2", dom.QuerySelector("sup:not(:empty)")!.TextContent);
        Assert.Equal("#fn:1", dom.QuerySelector("a.footnote-ref")!.GetAttribute("href"));
        Assert.Contains("Thông tư 26/2014", dom.QuerySelector("div.footnotes li[id='fn:1']")!.TextContent, StringComparison.Ordinal);
        Assert.Null(dom.QuerySelector("[style]")); // the table's alignment style is not let through
    }

    [Fact]
    public async Task Render_LinkToAHeading_PointsAtItsPrefixedAnchor()
    {
        var dom = Dom((await RenderAsync("## Phạm vi áp dụng\n\nXem [phạm vi](#pham-vi-ap-dung) và [Phạm vi áp dụng].")).Html);

        var id = dom.QuerySelector("h2")!.Id!;
        Assert.StartsWith(DocumentMarkdown.HeadingIdPrefix, id, StringComparison.Ordinal);
        Assert.All(dom.QuerySelectorAll("a"), a => Assert.Equal("#" + id, a.GetAttribute("href")));
    }

    [Fact]
    public async Task CrossReference_ToAnEffectiveDocument_IsALinkToIt()
    {
        var rendered = await RenderAsync("Thực hiện theo [[qt-02]] và [[QT-02]].", new Dictionary<string, string> { ["QT-02"] = "/tai-lieu/abc" });

        var links = Dom(rendered.Html).QuerySelectorAll("a.iso-xref");
        Assert.Equal(2, links.Length);
        Assert.All(links, a => Assert.Equal("/tai-lieu/abc", a.GetAttribute("href")));
        Assert.Equal("QT-02", links[0].TextContent);
        Assert.Equal(["QT-02"], rendered.References);
        Assert.Empty(rendered.DanglingReferences);
    }

    [Fact]
    public async Task CrossReference_ToNoEffectiveDocument_IsDanglingAndNotALink()
    {
        var asked = new List<string>();
        var rendered = await Renderer.RenderAsync("Theo [[QT-09]] và [[BM-01]]; `[[KHONG-PHAI]]` là mã nguồn.", codes =>
        {
            asked.AddRange(codes);
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["BM-01"] = "/tai-lieu/bm" });
        });

        Assert.Equal(["QT-09", "BM-01"], asked);
        Assert.Equal(["QT-09"], rendered.DanglingReferences);
        var dom = Dom(rendered.Html);
        Assert.Equal("[[QT-09]]", dom.QuerySelector("span.iso-xref-missing")!.TextContent);
        Assert.Single(dom.QuerySelectorAll("a"));
        Assert.Equal("[[KHONG-PHAI]]", dom.QuerySelector("code")!.TextContent);
    }

    [Fact]
    public void ReferencesOf_ListsEachCodeOnceInUpperCase()
    {
        Assert.Equal(["QT-01", "BM-02/ISO"], DocumentMarkdown.ReferencesOf("[[qt-01]], [[BM-02/ISO]], [[QT-01]], [[ có khoảng ]]"));
    }

    [Fact]
    public async Task RawHtml_ScriptAndEventHandlers_AreShownAsTextNotRun()
    {
        var html = (await RenderAsync("""
            <script>alert(1)</script>

            Đoạn <img src=x onerror=alert(1)> và <b onclick="alert(2)">đậm</b>.

            <iframe src="https://example.com"></iframe>

            # Tiêu đề {onclick=alert(3) style="position:fixed"}

            ![video](https://www.youtube.com/watch?v=abc)
            """)).Html;
        var dom = Dom(html);

        Assert.Empty(dom.QuerySelectorAll("script, iframe, b, object, embed, video, audio"));
        Assert.Single(dom.QuerySelectorAll("img"));
        Assert.DoesNotContain(dom.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name == "style"));
        Assert.Contains("<script>alert(1)</script>", dom.Body!.TextContent, StringComparison.Ordinal);
    }

    public static TheoryData<string> ScriptLinks => new()
    {
        "[bấm](javascript:alert(1))",
        "[bấm](JaVaScRiPt:alert(1))",
        "[bấm]( javascript:alert(1) )",
        "[bấm](<javascript:alert(1)>)",
        "[bấm](&#106;avascript:alert(1))",
        "[bấm](&#x6A;&#x61;vascript:alert(1))",
        "[bấm](&#0000106;avascript:alert(1))",
        "[bấm](java&#x09;script:alert(1))",
        "[bấm](java&#10;script:alert(1))",
        "[bấm](java&#x0;script:alert(1))",
        "[bấm](&#x200B;javascript:alert(1))",
        "[bấm](javascript&colon;alert(1))",
        "[bấm](javascript\\:alert(1))",
        "[bấm](\\javascript:alert(1))",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "[bấm][x]\n\n[x]: javascript:alert(1)",
        "[bấm][x]\n\n[x]: <jav&#x61;script:alert(1)> \"tiêu đề\"",
        "[x]\n\n[x]: vbscript:msgbox(1)",
        "[bấm](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[bấm](DATA:text/html,<script>alert(1)</script>)",
        "[bấm](vbscript:msgbox(1))",
        "[bấm](file:///etc/passwd)",
        "[bấm](//evil.example/x)",
        "[bấm](\\\\\\\\evil.example/x)",
        "[bấm](/\\\\evil.example/x)",
        "![ảnh](javascript:alert(1))",
        "![ảnh](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        "[bấm](%6Aavascript:alert(1))",
    };

    [Theory]
    [MemberData(nameof(ScriptLinks))]
    public async Task Links_WithScriptOrForeignTargets_InAnyDisguise_AreDropped(string markdown)
    {
        var dom = Dom((await RenderAsync(markdown)).Html);

        foreach (var element in dom.QuerySelectorAll("[href], [src]"))
        {
            var target = element.GetAttribute("href") ?? element.GetAttribute("src")!;
            Assert.Fail($"A link survived: <{element.LocalName} {(element.HasAttribute("href") ? "href" : "src")}=\"{target}\">");
        }
    }

    public static TheoryData<string, string> AllowedLinks => new()
    {
        { "[trang](https://dichvucong.gov.vn/p/home)", "https://dichvucong.gov.vn/p/home" },
        { "[trang](http://example.vn)", "http://example.vn" },
        { "[thư](mailto:vanphong@stp.gov.vn)", "mailto:vanphong@stp.gov.vn" },
        { "<https://example.vn/a>", "https://example.vn/a" },
        { "<vanphong@stp.gov.vn>", "mailto:vanphong@stp.gov.vn" },
        { "[tài liệu](/tai-lieu/123)", "/tai-lieu/123" },
        { "Xem www.example.vn nhé", "http://www.example.vn" },
    };

    [Theory]
    [MemberData(nameof(AllowedLinks))]
    public async Task Links_ToWebMailOrInAppTargets_AreKept(string markdown, string href)
    {
        var dom = Dom((await RenderAsync(markdown)).Html);

        Assert.Equal(href, Assert.Single(dom.QuerySelectorAll("a")).GetAttribute("href"));
    }

    [Fact]
    public async Task HtmlInLinkTitlesAndImageAltText_StaysText()
    {
        var dom = Dom((await RenderAsync("""
            [trang](https://example.vn "\"><script>alert(1)</script>")

            ![<img src=x onerror=alert(1)>"onload="alert(2)](https://example.vn/a.png "<b>t</b>")
            """)).Html);

        Assert.Empty(dom.QuerySelectorAll("script, b"));
        Assert.Equal("\"><script>alert(1)</script>", dom.QuerySelector("a")!.GetAttribute("title"));
        var image = Assert.Single(dom.QuerySelectorAll("img"));
        Assert.DoesNotContain(image.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("onerror", image.GetAttribute("alt"), StringComparison.Ordinal);
    }
}
