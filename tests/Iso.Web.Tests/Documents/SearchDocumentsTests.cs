using Iso.Web.Application;
using Iso.Web.Documents;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Documents;

/// <summary>Search through the use case on the real app: a document found without diacritics once approved, its snippet
/// safe HTML with only &lt;mark&gt;, scoped to the caller's agency (auditors may name another).</summary>
public sealed class SearchDocumentsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApprovedDocument_IsFoundWithoutDiacritics_WithASafeHighlightedSnippet()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var marker = "Mã" + Guid.NewGuid().ToString("N")[..8];
        var code = DocumentPeople.NewCode();
        var markdown = $"## 1. Mục đích\n\nĐăng ký kiểm soát **tài liệu** {marker} <script>alert('x')</script> & \"trích dẫn\".";
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(Iso.Data.Documents.DocumentKind.Procedure, code, "Quy trình " + code, markdown), Ct)).Ok();
        var query = $"dang ky kiem soat {marker.ToLowerInvariant().Replace("ã", "a", StringComparison.Ordinal)}";
        Assert.Equal(0, (await scope.Get<SearchDocuments>().HandleAsync(team.Author, new SearchDocumentsRequest(query), Ct)).Ok().Total);

        await team.PassAsync(scope, created.Id);
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);
        var found = (await scope.Get<SearchDocuments>().HandleAsync(staff, new SearchDocumentsRequest(query), Ct)).Ok();

        var hit = Assert.Single(found.Items);
        Assert.Equal((created.Id, code), (hit.DocumentId, hit.Code));
        Assert.Contains("<mark>Đăng", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("Đăng ký kiểm soát tài liệu", SearchHighlight.PlainText(hit.SnippetHtml.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", hit.SnippetHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("**", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Equal("Quy trình " + code, hit.Title);
    }

    [Fact]
    public async Task AnotherAgency_IsForbidden_ButAnAuditorReadsAcross_AndNeverSeesItByDefault()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var word = "kiemtra" + Guid.NewGuid().ToString("N")[..8];
        var id = await team.PublishAsync(scope, DocumentPeople.NewCode(), $"## 1. Mục đích\n\nTừ khóa {word}.");

        var other = await scope.ServiceProvider.CallerAsync(Demo.HomeAffairsStaff);
        var auditor = await scope.ServiceProvider.CallerAsync(Demo.Auditor);
        var own = (await scope.Get<SearchDocuments>().HandleAsync(other, new SearchDocumentsRequest(word), Ct)).Ok();
        var named = await scope.Get<SearchDocuments>().HandleAsync(other, new SearchDocumentsRequest(word, team.Author.AgencyId), Ct);
        var audited = (await scope.Get<SearchDocuments>().HandleAsync(auditor, new SearchDocumentsRequest(word, team.Author.AgencyId), Ct)).Ok();

        Assert.Equal(0, own.Total);
        Assert.Equal(ProblemKind.Forbidden, named.Problem!.Kind);
        Assert.Equal(id, Assert.Single(audited.Items).DocumentId);
    }

    [Theory]
    [InlineData(" ", "q")]
    [InlineData("!!! ???", "q")]
    public async Task Query_WithoutWords_IsInvalid(string q, string field)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);

        var result = await scope.Get<SearchDocuments>().HandleAsync(staff, new SearchDocumentsRequest(q), Ct);

        Assert.Equal([field], result.Problem!.Errors.Keys);
    }

    [Fact]
    public void Highlight_EncodesTheText_AndBalancesTheMarks()
    {
        var html = SearchHighlight.ToHtml("\uE000<b>x</b>\uE001\uE001 y \uE000z", markdown: true);

        Assert.Equal("<mark>&lt;b&gt;x&lt;/b&gt;</mark> y <mark>z</mark>", html);
    }
}
