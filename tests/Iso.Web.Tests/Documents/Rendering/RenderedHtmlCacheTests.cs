using AngleSharp.Html.Parser;
using Iso.Data.Identity;
using Iso.Web.Documents;
using Iso.Web.Documents.Rendering;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Documents.Rendering;

/// <summary>The HTML of issued versions is cached, keyed by the text and by where each cross-reference resolves; a
/// change of the referenced documents shows at the next view, and a cached answer is the same as a fresh render.</summary>
public sealed class RenderedHtmlCacheTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, string>>> Targets(params (string Code, string Href)[] targets) =>
        _ => Task.FromResult<IReadOnlyDictionary<string, string>>(targets.ToDictionary(t => t.Code, t => t.Href));

    private static string? HrefOf(string html, string code) =>
        new HtmlParser().ParseDocument($"<body>{html}</body>").QuerySelectorAll("a.iso-xref").FirstOrDefault(a => a.TextContent == code)?.GetAttribute("href");

    [Fact]
    public async Task RenderIssued_TheSameTextAndTargets_IsAnsweredFromTheCache_AsAFreshRenderWould()
    {
        using var cache = new RenderedHtmlCache(1024 * 1024);
        var renderer = new DocumentMarkdown(new DocumentHtmlSanitizer(), cache);
        const string text = "# Mục đích\n\nThực hiện theo [[QT-02]] và [[BM-09]]; xem [phạm vi](#muc-dich).";

        var first = await renderer.RenderIssuedAsync(text, Targets(("QT-02", "/tai-lieu/a")));
        var second = await renderer.RenderIssuedAsync(text, Targets(("QT-02", "/tai-lieu/a")));
        var fresh = await renderer.RenderAsync(text, Targets(("QT-02", "/tai-lieu/a")));

        Assert.Same(first, second);
        Assert.Equal((1, 1), (cache.Hits, cache.Misses));
        Assert.Equal(fresh.Html, first.Html);
        Assert.Equal(["QT-02", "BM-09"], first.References);
        Assert.Equal(["BM-09"], first.DanglingReferences);
    }

    [Fact]
    public async Task RenderIssued_WhenAReferenceResolvesDifferently_RendersAfresh()
    {
        using var cache = new RenderedHtmlCache(1024 * 1024);
        var renderer = new DocumentMarkdown(new DocumentHtmlSanitizer(), cache);
        const string text = "Theo [[QT-02]].";

        var dangling = await renderer.RenderIssuedAsync(text, Targets());
        var linked = await renderer.RenderIssuedAsync(text, Targets(("QT-02", "/tai-lieu/v1")));
        var moved = await renderer.RenderIssuedAsync(text, Targets(("QT-02", "/tai-lieu/v2")));
        var again = await renderer.RenderIssuedAsync(text, Targets(("QT-02", "/tai-lieu/v1")));

        Assert.Equal(["QT-02"], dangling.DanglingReferences);
        Assert.Null(HrefOf(dangling.Html, "QT-02"));
        Assert.Equal("/tai-lieu/v1", HrefOf(linked.Html, "QT-02"));
        Assert.Equal("/tai-lieu/v2", HrefOf(moved.Html, "QT-02"));
        Assert.Same(linked, again);
        Assert.Equal((1, 3), (cache.Hits, cache.Misses));
    }

    [Fact]
    public async Task RenderIssued_BeyondTheSizeBound_StillRenders_ButDoesNotKeepIt()
    {
        using var cache = new RenderedHtmlCache(1024);
        var renderer = new DocumentMarkdown(new DocumentHtmlSanitizer(), cache);
        var text = string.Concat(Enumerable.Repeat("Đoạn văn bản dài của quy trình kiểm soát tài liệu.\n\n", 100));

        var first = await renderer.RenderIssuedAsync(text, Targets());
        var second = await renderer.RenderIssuedAsync(text, Targets());

        Assert.NotSame(first, second);
        Assert.Equal(first.Html, second.Html);
        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public async Task ReferencedDocument_RevisedOrWithdrawnOrNewlyInForce_ShowsInTheCachedViewOfTheReferencingOne()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var rendering = scope.Get<DocumentRendering>();
        var (referenced, later) = (DocumentPeople.NewCode("BM"), DocumentPeople.NewCode("HD"));
        var referencedId = await team.PublishAsync(scope, referenced, $"## 1. Mục đích\n\nBiểu mẫu lần một.");
        var id = await team.PublishAsync(scope, DocumentPeople.NewCode(), $"## 1. Mục đích\n\nGhi vào [[{referenced}]], theo [[{later}]].");

        var first = (await rendering.RenderVersionAsync(team.Author, id, cancellationToken: Ct)).Ok();
        var cached = (await rendering.RenderVersionAsync(team.Author, id, cancellationToken: Ct)).Ok();
        Assert.Same(first, cached);
        Assert.Equal(DocumentLinks.View(referencedId), HrefOf(first.Html, referenced));
        Assert.Equal([later], first.DanglingReferences);

        // The referenced document is revised: the link leads to the document's page, which reads the new effective version.
        var draft = (await scope.Get<ReviseDocument>().HandleAsync(team.Author, referencedId, new ReviseDocumentRequest("Sửa nội dung"), Ct)).Ok();
        (await scope.Get<UpdateDraft>().HandleAsync(team.Author, referencedId, new UpdateDraftRequest(
            new DraftFields("Biểu mẫu sửa đổi", "## 1. Mục đích\n\nBiểu mẫu lần hai.", "Sửa nội dung"), draft.ETag), Ct)).Ok();
        await team.PassAsync(scope, referencedId);
        var afterRevision = (await rendering.RenderVersionAsync(team.Author, id, cancellationToken: Ct)).Ok();
        var target = (await rendering.RenderVersionAsync(team.Author, referencedId, cancellationToken: Ct)).Ok();
        Assert.Equal(DocumentLinks.View(referencedId), HrefOf(afterRevision.Html, referenced));
        Assert.Contains("Biểu mẫu lần hai.", target.Html, StringComparison.Ordinal);

        // A code that named nothing gets an effective document: the cached view links to it.
        var laterId = await team.PublishAsync(scope, later);
        var linked = (await rendering.RenderVersionAsync(team.Author, id, cancellationToken: Ct)).Ok();
        Assert.NotSame(first, linked);
        Assert.Equal(DocumentLinks.View(laterId), HrefOf(linked.Html, later));
        Assert.Empty(linked.DanglingReferences);

        // The referenced document is withdrawn: the cached view no longer links to it.
        (await scope.Get<ObsoleteDocument>().HandleAsync(team.Approver, referencedId, new ObsoleteDocumentRequest("Bãi bỏ biểu mẫu", Demo.Password), Ct)).Ok();
        var withdrawn = (await rendering.RenderVersionAsync(team.Author, id, cancellationToken: Ct)).Ok();
        Assert.Null(HrefOf(withdrawn.Html, referenced));
        Assert.Equal([referenced], withdrawn.DanglingReferences);
    }
}
