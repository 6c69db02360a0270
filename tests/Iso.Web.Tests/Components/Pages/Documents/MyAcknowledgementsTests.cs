using Bunit;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Components.Pages.Documents;
using Iso.Web.Documents;
using Iso.Web.Tests.Documents;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Iso.Web.Tests.Components.Pages.Documents;

/// <summary>"Tài liệu cần xác nhận đã đọc": the person's pending acknowledgements with their due dates (overdue ones
/// marked), signed with the password in the sign dialog; the signature (meaning, printed name, moment) is shown.</summary>
public sealed class MyAcknowledgementsTests : BunitContext, IAsyncLifetime
{
    private readonly IsoWebFactory _factory;
    private AsyncServiceScope _scope;
    private DocumentTeam _team = default!;

    public MyAcknowledgementsTests(IsoWebFactory factory)
    {
        _factory = factory;
        this.AddIsoTestServices();
        IsoTestServices.UseCulture("vi-VN");
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _scope = _factory.Services.CreateAsyncScope();
        this.UseRealDocuments(_scope);
        _team = await DocumentTeam.CreateAsync(_factory, _scope);
    }

    [Fact]
    public async Task ThePendingList_MarksOverdueOnes_AndSigningWithThePassword_ShowsTheSignature()
    {
        var unit = await DocumentPeople.NewUnitAsync(_scope);
        var reader = await DocumentPeople.PersonInUnitAsync(_scope, "Trương Thị Đọc", unit);
        var late = await PublishAsync(DocumentPeople.NewCode(), unit, new DateOnly(2025, 1, 6)); // due 20/01/2025, long past
        var fresh = await PublishAsync(DocumentPeople.NewCode(), unit, new DateOnly(2040, 5, 2)); // due 16/05/2040
        this.SignIn(await DocumentPageContext.PrincipalAsync(_scope, await UserNameAsync(reader)));
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();

        var cut = Render<MyAcknowledgements>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid='acks-table'] tbody tr").Count), TimeSpan.FromSeconds(10));
        var rows = cut.FindAll("[data-testid='acks-table'] tbody tr");
        Assert.Contains(late.Code, rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("20/01/2025", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Quá hạn", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("16/05/2040", rows[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Quá hạn", rows[1].TextContent, StringComparison.Ordinal);

        rows[0].QuerySelector("[data-testid='acknowledge']")!.Click();
        dialogs.WaitForElement("input[data-testid='sign-password']").Input("sai mật khẩu");
        dialogs.Find("[data-testid='sign-confirm']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Mật khẩu không đúng", dialogs.Find("[data-testid='sign-error']").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Contains("Đã đọc và hiểu", dialogs.Find("[data-testid='sign-dialog']").TextContent, StringComparison.Ordinal);
        dialogs.Find("input[data-testid='sign-password']").Input(Demo.Password);
        dialogs.Find("[data-testid='sign-confirm']").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='acks-table'] tbody tr")), TimeSpan.FromSeconds(10));
        var signed = cut.Find("[data-testid='acks-signed']").TextContent;
        Assert.Contains(late.Code, signed, StringComparison.Ordinal);
        Assert.Contains("“Đã đọc và hiểu” — Trương Thị Đọc", signed, StringComparison.Ordinal);
        Assert.Contains(fresh.Code, cut.Find("[data-testid='acks-table'] tbody tr").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingPending_SaysSo()
    {
        var unit = await DocumentPeople.NewUnitAsync(_scope);
        var reader = await DocumentPeople.PersonInUnitAsync(_scope, "Hồ Văn Rảnh", unit);
        this.SignIn(await DocumentPageContext.PrincipalAsync(_scope, await UserNameAsync(reader)));

        var cut = Render<MyAcknowledgements>();

        cut.WaitForAssertion(() => Assert.Contains("Không có tài liệu nào chờ bạn xác nhận", cut.Find("[data-testid='acks-empty']").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
    }

    private async Task<(Guid Id, string Code)> PublishAsync(string code, Guid unit, DateOnly effectiveOn)
    {
        var created = (await _scope.Get<CreateDocument>().HandleAsync(_team.Author, new CreateDocumentRequest(
            DocumentKind.Procedure, code, "Quy trình " + code, "Nội dung.", Distribution: [unit]), Ct)).Ok();
        await _team.PassAsync(_scope, created.Id, effectiveOn);
        return (created.Id, code);
    }

    private async Task<string> UserNameAsync(Caller caller) =>
        (await _scope.Get<Microsoft.AspNetCore.Identity.UserManager<Iso.Data.Identity.IsoUser>>().FindByIdAsync(caller.UserId.ToString()))!.UserName!;
}
