using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Data.Documents;
using Iso.Web.Documents;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Documents;

/// <summary>The acknowledgement and legal-change API over HTTP with bearer tokens: the same use cases as the pages.</summary>
public sealed class DocumentFollowUpEndpointsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mine_Acknowledge_AndTheRound_OverHttp()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var unit = await DocumentPeople.NewUnitAsync(scope);
        var reader = await DocumentPeople.PersonInUnitAsync(scope, "Nông Thị Api", unit);
        var readerName = (await scope.Get<UserManager<Iso.Data.Identity.IsoUser>>().FindByIdAsync(reader.UserId.ToString()))!.UserName!;
        var created = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(
            DocumentKind.Procedure, DocumentPeople.NewCode(), "Quy trình API", "Nội dung.", Distribution: [unit]), Ct)).Ok();
        await team.PassAsync(scope, created.Id, new DateOnly(2030, 4, 1));
        using var client = await factory.CreateClientForAsync(readerName, Demo.Password);

        var mine = await client.GetFromJsonAsync<JsonElement>("/api/v1/documents/acknowledgements/mine", Ct);
        var pending = Assert.Single(mine.EnumerateArray(), a => a.GetProperty("documentId").GetGuid() == created.Id);
        Assert.Equal(("2030-04-15", false), (pending.GetProperty("dueOn").GetString(), pending.GetProperty("overdue").GetBoolean()));

        using var wrong = await client.PostAsJsonAsync($"/api/v1/documents/{created.Id}/acknowledge", new { password = "sai" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("password", out _));
        using var signed = await client.PostAsJsonAsync($"/api/v1/documents/{created.Id}/acknowledge", new { password = Demo.Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var signature = await signed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("read-and-understood", "Nông Thị Api"), (signature.GetProperty("meaning").GetString(), signature.GetProperty("printedName").GetString()));

        using var forbidden = await client.GetAsync($"/api/v1/documents/{created.Id}/acknowledgements", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var authorName = (await scope.Get<UserManager<Iso.Data.Identity.IsoUser>>().FindByIdAsync(team.Author.UserId.ToString()))!.UserName!;
        using var officer = await factory.CreateClientForAsync(authorName, Demo.Password);
        var round = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{created.Id}/acknowledgements", Ct);
        Assert.Equal((1, 1), (round.GetProperty("total").GetInt32(), round.GetProperty("acknowledged").GetInt32()));
        using var stranger = await factory.CreateClientForAsync(Demo.HomeAffairsStaff, Demo.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/v1/documents/{created.Id}/acknowledge", new { password = Demo.Password }, Ct)).StatusCode);
    }

    [Fact]
    public async Task LegalChange_OverHttp_FlagsTheCitingDocument_AndBadInputNamesTheField()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var lawCode = DocumentPeople.NewCode("TT");
        var law = (await scope.Get<CreateDocument>().HandleAsync(team.Author, new CreateDocumentRequest(
            DocumentKind.External, lawCode, "Thông tư", "Văn bản.", ExternalNumber: "01/2030/TT-BKHCN", ExternalIssuer: "Bộ KH&CN",
            ExternalEffectiveOn: new DateOnly(2030, 1, 1)), Ct)).Ok();
        await team.PassAsync(scope, law.Id, new DateOnly(2030, 1, 1));
        var citing = await team.PublishAsync(scope, DocumentPeople.NewCode(), $"Căn cứ [[{lawCode}]].", new DateOnly(2030, 2, 1));
        var authorName = (await scope.Get<UserManager<Iso.Data.Identity.IsoUser>>().FindByIdAsync(team.Author.UserId.ToString()))!.UserName!;
        using var client = await factory.CreateClientForAsync(authorName, Demo.Password);

        using var bad = await client.PostAsJsonAsync($"/api/v1/documents/{law.Id}/legal-change", new { kind = "cancelled", changedOn = "2030-08-31" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("kind", out _));
        using var response = await client.PostAsJsonAsync($"/api/v1/documents/{law.Id}/legal-change", new { kind = "amended", changedOn = "2030-08-31" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var flagged = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("flagged").EnumerateArray());
        Assert.Equal((citing, "2030-11-30"), (flagged.GetProperty("documentId").GetGuid(), flagged.GetProperty("dueOn").GetString()));
        var tasks = await client.GetFromJsonAsync<JsonElement>("/api/v1/documents/tasks", Ct);
        Assert.Contains(tasks.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("documentId").GetGuid() == citing && t.GetProperty("kind").GetString() == "LegalChange");
    }
}
