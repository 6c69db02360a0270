using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Iso.Data.Identity;
using Iso.Web.Tests.Documents.Import;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Documents;

/// <summary><c>POST /api/v1/documents/import</c> (multipart) and <c>GET /api/v1/documents/search</c> over HTTP with bearer tokens.</summary>
public sealed class DocumentImportAndSearchEndpointsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_Multipart_Returns201WithTheDraftAndTheWarnings_AndABadFileIs400OnFile()
    {
        var userName = await DocumentPeople.CreateAsync(factory.Services, "Thư Ký Nhập", IsoRoles.QualityOfficer);
        using var client = await factory.CreateClientForAsync(userName, Demo.Password);
        using var docx = new TestDocx().Heading(1, "Quy trình nhập khẩu").Paragraph("Nội dung.").Image(TestDocx.Gif, ImagePartType.Gif, "gif");
        var code = DocumentPeople.NewCode();

        using var form = Form(docx.ToBytes(), code);
        using var response = await client.PostAsync("/api/v1/documents/import", form, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/documents/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Quy trình nhập khẩu", body.GetProperty("title").GetString());
        Assert.Equal("image-type", body.GetProperty("warnings")[0].GetProperty("code").GetString());

        using var bad = Form("PK không phải docx"u8.ToArray(), DocumentPeople.NewCode());
        using var refused = await client.PostAsync("/api/v1/documents/import", bad, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task Search_WithoutQ_Is400_AndWithQ_ReturnsAPage()
    {
        using var client = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        using var missing = await client.GetAsync("/api/v1/documents/search", Ct);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/documents/search?q=kiem%20soat&pageSize=5", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal((1, 5), (page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32()));
        Assert.True(page.GetProperty("total").GetInt32() >= 0);
    }

    private static MultipartFormDataContent Form(byte[] file, string code)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        form.Add(content, "file", "quy-trinh.docx");
        form.Add(new StringContent("Procedure"), "kind");
        form.Add(new StringContent(code), "code");
        return form;
    }
}
