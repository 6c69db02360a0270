using Bunit;
using Iso.Data.Documents;
using Iso.Web.Components.Pages.Documents;
using Iso.Web.Documents;
using Iso.Web.Tests.Documents;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Iso.Web.Tests.Components.Pages.Documents;

public sealed class DocumentViewTests : BunitContext, IAsyncLifetime
{
    private readonly IsoWebFactory _factory;
    private AsyncServiceScope _scope;
    private DocumentTeam _team = default!;

    public DocumentViewTests(IsoWebFactory factory)
    {
        _factory = factory;
        this.AddIsoTestServices();
        IsoTestServices.UseCulture("vi-VN");
    }

    public async ValueTask InitializeAsync()
    {
        _scope = _factory.Services.CreateAsyncScope();
        this.UseRealDocuments(_scope);
        _team = await DocumentTeam.CreateAsync(_factory, _scope);
    }

    private async Task SignInAsync(Iso.Web.Application.Caller caller)
    {
        var user = await _scope.Get<Microsoft.AspNetCore.Identity.UserManager<Iso.Data.Identity.IsoUser>>().FindByIdAsync(caller.UserId.ToString());
        this.SignIn(await DocumentPageContext.PrincipalAsync(_scope, user!.UserName!));
    }

    [Fact]
    public async Task Viewer_ShowsTheIsoHeader_SignatureBlock_ChangeTableAndText()
    {
        var code = DocumentPeople.NewCode();
        var id = await _team.PublishAsync(_scope, code, "## 1. Mục đích\n\nQuy định việc tiếp nhận hồ sơ.", new DateOnly(2026, 12, 15));
        await SignInAsync(_team.Author);

        var cut = Render<DocumentView>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.Equal(code, cut.Find("[data-testid='document-code']").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("01", cut.Find("[data-testid='document-issue']").TextContent);
        Assert.Equal("15/12/2026", cut.Find("[data-testid='document-effective']").TextContent);
        Assert.Contains("Sở Tư pháp", cut.Find("[data-testid='document-header']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Trần Thị Soạn", cut.Find("[data-testid='signature-prepared']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Nguyễn Văn Xét", cut.Find("[data-testid='signature-reviewed']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Lê Văn Duyệt", cut.Find("[data-testid='signature-approved']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Ban hành lần đầu", cut.Find("[data-testid='document-changes'] tbody").TextContent, StringComparison.Ordinal);
        Assert.Equal("doc-1-muc-dich", cut.Find("[data-testid='document-content'] h2").Id);
        Assert.Contains("đang hiệu lực từ ngày 15/12/2026", cut.Find("[data-testid='view-lead']").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid='view-revise']"));
        Assert.Empty(cut.FindAll("[data-testid='view-approve'], [data-testid='view-not-in-force']"));
    }

    [Fact]
    public async Task Viewer_OfASupersededVersion_MarksItAsNotInForce()
    {
        var id = await _team.PublishAsync(_scope, DocumentPeople.NewCode());
        var first = (await _scope.Get<GetDocument>().HandleAsync(_team.Author, id, cancellationToken: Xunit.TestContext.Current.CancellationToken)).Ok().VersionId;
        (await _scope.Get<ReviseDocument>().HandleAsync(_team.Author, id, new ReviseDocumentRequest("Sửa bước 2"), Xunit.TestContext.Current.CancellationToken)).Ok();
        await _team.PassAsync(_scope, id);
        await SignInAsync(_team.Author);

        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(DocumentLinks.ViewVersion(id, first));
        var cut = Render<DocumentView>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.Contains("đã được thay thế", cut.Find("[data-testid='view-not-in-force']").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Single(cut.FindAll("[data-testid='document-changes'] tbody tr")); // the change table as it stood in that version
    }

    [Fact]
    public async Task Approver_SignsWithTheirPassword_AndTheDocumentBecomesEffective()
    {
        var created = (await _scope.Get<CreateDocument>().HandleAsync(_team.Author,
            new CreateDocumentRequest(DocumentKind.Procedure, DocumentPeople.NewCode(), "Chờ duyệt", "Nội dung"), Xunit.TestContext.Current.CancellationToken)).Ok();
        (await _scope.Get<SubmitDocument>().HandleAsync(_team.Author, created.Id, new SubmitDocumentRequest(Demo.Password), Xunit.TestContext.Current.CancellationToken)).Ok();
        (await _scope.Get<DecideOnDocument>().HandleAsync(_team.Reviewer, created.Id, ReviewStage.Review,
            new DocumentDecisionRequest("pass", Demo.Password), Xunit.TestContext.Current.CancellationToken)).Ok();
        await SignInAsync(_team.Approver);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<DocumentView>(p => p.Add(x => x.Id, created.Id));
        cut.WaitForElement("[data-testid='view-approve']", TimeSpan.FromSeconds(10)).Click();

        dialogs.WaitForElement("input[data-testid='sign-password']").Input("mật khẩu sai");
        dialogs.Find("[data-testid='sign-confirm']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Mật khẩu không đúng", dialogs.Find("[data-testid='sign-error']").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        dialogs.Find("input[data-testid='sign-password']").Input(Demo.Password);
        dialogs.Find("[data-testid='sign-confirm']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Lê Văn Duyệt", cut.Find("[data-testid='signature-approved']").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid='view-approve']"));
        Assert.Equal(DocumentVersionStatus.Effective,
            (await _scope.Get<GetDocument>().HandleAsync(_team.Author, created.Id, cancellationToken: Xunit.TestContext.Current.CancellationToken)).Ok().VersionStatus);
    }
}
