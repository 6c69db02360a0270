using AngleSharp.Dom;
using Bunit;
using Iso.Data.Documents;
using Iso.Data.Identity;
using Iso.Web.Components.Pages.Documents;
using Iso.Web.Documents;
using Iso.Web.Tests.Documents;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Iso.Web.Tests.Components.Pages.Documents;

public sealed class DocumentEditorTests : BunitContext, IAsyncLifetime
{
    private readonly IsoWebFactory _factory;
    private AsyncServiceScope _scope;
    private Guid _id;

    public DocumentEditorTests(IsoWebFactory factory)
    {
        _factory = factory;
        this.AddIsoTestServices();
        IsoTestServices.UseCulture("vi-VN");
    }

    public async ValueTask InitializeAsync()
    {
        _scope = _factory.Services.CreateAsyncScope();
        this.UseRealDocuments(_scope);
        var author = await DocumentPeople.CreateAsync(_factory.Services, "Soạn Thảo Bunit", IsoRoles.QualityOfficer);
        this.SignIn(await DocumentPageContext.PrincipalAsync(_scope, author));
        var caller = await _scope.ServiceProvider.CallerAsync(author);
        _id = (await _scope.Get<CreateDocument>().HandleAsync(caller, new CreateDocumentRequest(DocumentKind.Procedure, DocumentPeople.NewCode(), "Quy trình thử"),
            Xunit.TestContext.Current.CancellationToken)).Ok().Id;
    }

    [Fact]
    public void Editor_StartsFromTheProcedureTemplate_AndPreviewsItServerSide()
    {
        Render<MudPopoverProvider>();
        var cut = Render<DocumentEditor>(p => p.Add(x => x.Id, _id));

        cut.WaitForAssertion(() => Assert.Equal(7, Preview(cut).QuerySelectorAll("h2").Length), TimeSpan.FromSeconds(10));
        Assert.Equal("doc-1-muc-dich", Preview(cut).QuerySelector("h2")!.Id);
        Assert.Contains("Soạn thảo QT-", cut.Find("h1").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Editor_TypingMarkdown_UpdatesThePreview_SanitisedAndWithDanglingReferencesWarned()
    {
        Render<MudPopoverProvider>();
        var cut = Render<DocumentEditor>(p => p.Add(x => x.Id, _id));
        cut.WaitForElement("textarea[data-testid='editor-markdown']", TimeSpan.FromSeconds(10));

        cut.Find("textarea[data-testid='editor-markdown']").Input(
            "# Mục đích\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script> [bấm](javascript:alert(1)) theo [[QT-KHONG-CO]]");

        cut.WaitForAssertion(() => Assert.Equal("doc-muc-dich", Preview(cut).QuerySelector("h1")?.Id), TimeSpan.FromSeconds(10));
        var preview = Preview(cut);
        Assert.NotNull(preview.QuerySelector("table td"));
        Assert.Empty(preview.QuerySelectorAll("script, a[href^='javascript']"));
        Assert.Contains("<script>alert(1)</script>", preview.TextContent, StringComparison.Ordinal);
        Assert.Contains("QT-KHONG-CO", cut.Find("[data-testid='editor-dangling']").TextContent, StringComparison.Ordinal);
    }

    private static IElement Preview(IRenderedComponent<DocumentEditor> cut) => cut.Find("[data-testid='editor-preview'] [data-testid='document-content']");
}
