using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Documents;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Iso.Web.Tests.Documents;

/// <summary><c>/api/v1/documents</c> over HTTP with bearer tokens: the same use cases as the pages, problem details, ETags.</summary>
public sealed class DocumentEndpointsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, string UserName)> OfficerAsync()
    {
        var userName = await DocumentPeople.CreateAsync(factory.Services, "Thư Ký Api", IsoRoles.QualityOfficer);
        return (await factory.CreateClientForAsync(userName, Demo.Password), userName);
    }

    private static async Task<(Guid Id, string ETag)> CreateAsync(HttpClient client, string code, string markdown = "## 1. Mục đích\n\nNội dung.")
    {
        using var response = await client.PostAsJsonAsync("/api/v1/documents", new { kind = "Procedure", code, title = "Quy trình " + code, markdown }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/documents/{id}", response.Headers.Location!.OriginalString);
        return (id, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task CreateThenGet_ReturnsMetadataMarkdownAndTheDraftsETag()
    {
        var (client, _) = await OfficerAsync();
        var code = DocumentPeople.NewCode();
        var (id, etag) = await CreateAsync(client, code);

        using var response = await client.GetAsync($"/api/v1/documents/{id}", Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag!.Tag);
        Assert.Equal((code, "Procedure", "Draft", "## 1. Mục đích\n\nNội dung."),
            (body.GetProperty("code").GetString(), body.GetProperty("kind").GetString(), body.GetProperty("versionStatus").GetString(), body.GetProperty("markdown").GetString()));
    }

    [Fact]
    public async Task UpdateDraft_WithAStaleETag_Is412_WithoutOne428_AndWithTheCurrentOneSaves()
    {
        var (client, _) = await OfficerAsync();
        var (id, etag) = await CreateAsync(client, DocumentPeople.NewCode());

        var first = await PutAsync(client, id, etag, "Bản một");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var newTag = first.Headers.ETag!.Tag;
        Assert.NotEqual(etag, newTag);

        var stale = await PutAsync(client, id, etag, "Bản cũ ghi đè");
        var problem = await HttpAssert.ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Contains("vừa được thay đổi", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(await PutAsync(client, id, null, "Không có ETag"), HttpStatusCode.PreconditionRequired);

        var details = await client.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{id}", Ct);
        Assert.Equal("Bản một", details.GetProperty("markdown").GetString());
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, string? etag, string markdown)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/documents/{id}/draft")
        {
            Content = JsonContent.Create(new { title = "Quy trình", markdown }),
        };
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        }

        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task AnotherAgencysDocument_IsNotFound_EvenItsHtmlVersionsAndAttachments()
    {
        var (client, _) = await OfficerAsync();
        var (id, _) = await CreateAsync(client, DocumentPeople.NewCode());
        using var stranger = await factory.CreateClientForAsync(Demo.HomeAffairsStaff, Demo.Password);

        foreach (var path in new[] { $"/api/v1/documents/{id}", $"/api/v1/documents/{id}/html", $"/api/v1/documents/{id}/versions", $"/api/v1/documents/{id}/attachments/{Guid.NewGuid()}" })
        {
            await HttpAssert.ProblemAsync(await stranger.GetAsync(path, Ct), HttpStatusCode.NotFound);
        }

        var list = await stranger.GetFromJsonAsync<JsonElement>("/api/v1/documents?pageSize=200", Ct);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
        await HttpAssert.ProblemAsync(await stranger.PutAsJsonAsync($"/api/v1/documents/{id}/draft", new { title = "x", markdown = "y" }, Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Html_IsTheSanitisedRendering()
    {
        var (client, _) = await OfficerAsync();
        var (id, _) = await CreateAsync(client, DocumentPeople.NewCode(), "# Mục đích\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [[KHONG-CO]]");

        using var response = await client.GetAsync($"/api/v1/documents/{id}/html", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1 id=\"doc-muc-dich\">Mục đích</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("iso-xref-missing", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_OverHttp_SubmitReviewApprove_PublishesTheDocument()
    {
        var (author, _) = await OfficerAsync();
        using var reviewer = await factory.CreateClientForAsync(await DocumentPeople.CreateAsync(factory.Services, "Xem Xét Api", IsoRoles.QualityOfficer), Demo.Password);
        using var leader = await factory.CreateClientForAsync(await DocumentPeople.CreateAsync(factory.Services, "Duyệt Api", IsoRoles.Leader), Demo.Password);
        var code = DocumentPeople.NewCode();
        var (id, _) = await CreateAsync(author, code);

        (await author.PostAsJsonAsync($"/api/v1/documents/{id}/submit", new { password = Demo.Password }, Ct)).EnsureSuccessStatusCode();
        await HttpAssert.ProblemAsync(await author.PostAsJsonAsync($"/api/v1/documents/{id}/approve", new { outcome = "approve", password = Demo.Password }, Ct), HttpStatusCode.Forbidden);
        (await reviewer.PostAsJsonAsync($"/api/v1/documents/{id}/review", new { outcome = "pass", password = Demo.Password }, Ct)).EnsureSuccessStatusCode();
        var approved = await leader.PostAsJsonAsync($"/api/v1/documents/{id}/approve", new { outcome = "approve", password = Demo.Password, effectiveOn = "2026-12-31" }, Ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var effective = await author.GetFromJsonAsync<JsonElement>($"/api/v1/documents?status=Effective&text={code}", Ct);
        var row = Assert.Single(effective.GetProperty("items").EnumerateArray());
        Assert.Equal(("2026-12-31", 1), (row.GetProperty("effectiveOn").GetString(), row.GetProperty("issueNo").GetInt32()));
        var versions = await author.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{id}/versions", Ct);
        Assert.Equal("Effective", Assert.Single(versions.EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Attachment_Pdf_IsStoredAndServedAsADownload_WithNosniff()
    {
        var (client, _) = await OfficerAsync();
        var (id, _) = await CreateAsync(client, DocumentPeople.NewCode("BM"));
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

        using var upload = await client.PostAsync($"/api/v1/documents/{id}/attachments?fileName={Uri.EscapeDataString("Biểu mẫu 01.pdf")}", new ByteArrayContent(pdf), Ct);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var added = await upload.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), added.GetProperty("sha256").GetString());

        using var download = await client.GetAsync(upload.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Biểu mẫu 01.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync(Ct));
    }

    public static TheoryData<string, string> RefusedFiles => new()
    {
        { "so-do.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>" },
        { "so-do.png", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>" },
        { "trang.html", "<html><script>alert(1)</script></html>" },
        { "gia-mao.pdf", "MZ\u0090\u0000 not a pdf" },
        { "ghi-chu.txt", "văn bản thuần" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task Attachment_NotAnAcceptedTypeByContent_IsRefused(string fileName, string content)
    {
        var (client, _) = await OfficerAsync();
        var (id, _) = await CreateAsync(client, DocumentPeople.NewCode("BM"));

        using var upload = await client.PostAsync($"/api/v1/documents/{id}/attachments?fileName={fileName}", new ByteArrayContent(Encoding.UTF8.GetBytes(content)), Ct);

        var problem = await HttpAssert.ProblemAsync(upload, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{id}", Ct);
        Assert.Empty(details.GetProperty("attachments").EnumerateArray());
    }

    [Fact]
    public async Task Attachment_OverTheConfiguredSize_IsRefusedAndNothingIsStored()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var author = await scope.ServiceProvider.CallerAsync(await DocumentPeople.CreateAsync(factory.Services, "Tệp Lớn", IsoRoles.QualityOfficer));
        var created = (await scope.Get<CreateDocument>().HandleAsync(author, new CreateDocumentRequest(Iso.Data.Documents.DocumentKind.Form, DocumentPeople.NewCode("BM"), "Lớn"), Ct)).Ok();
        var small = new DocumentAttachments(scope.Get<IDbContextFactory<IsoDbContext>>(), scope.Get<IAuthorizationService>(),
            Options.Create(new DocumentOptions { MaxAttachmentBytes = 2048 }), TimeProvider.System);
        var pdf = new byte[4096];
        "%PDF-"u8.CopyTo(pdf);

        var refused = await small.AddAsync(author, created.Id, "lon.pdf", new MemoryStream(pdf), Ct);

        Assert.Equal("Validation_FileTooLarge", Assert.Single(refused.Problem!.Errors["file"]).Key);
        Assert.Empty((await scope.Get<GetDocument>().HandleAsync(author, created.Id, cancellationToken: Ct)).Ok().Attachments);
        Assert.Equal(20L * 1024 * 1024, new DocumentOptions().MaxAttachmentBytes);
    }

    [Fact]
    public async Task Diff_ShowsTheChangedLinesSideBySide()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var team = await DocumentTeam.CreateAsync(factory, scope);
        var id = await team.PublishAsync(scope, DocumentPeople.NewCode(), "## 1. Mục đích\n\nDòng giữ nguyên.\n\nDòng cũ.");
        var draft = (await scope.Get<ReviseDocument>().HandleAsync(team.Author, id, new ReviseDocumentRequest("Sửa dòng"), Ct)).Ok();
        var first = (await scope.Get<GetDocument>().HandleAsync(team.Author, id, cancellationToken: Ct)).Ok().VersionId;
        (await scope.Get<UpdateDraft>().HandleAsync(team.Author, id, new UpdateDraftRequest(
            new DraftFields("Quy trình " + id, "## 1. Mục đích\n\nDòng giữ nguyên.\n\nDòng mới.\n\nDòng thêm.", "Sửa dòng"), draft.ETag), Ct)).Ok();

        var diff = (await scope.Get<DiffVersions>().HandleAsync(team.Author, id, draft.VersionId, first, Ct)).Ok();

        Assert.Equal(first, diff.From.Id);
        Assert.Contains(diff.Rows, r => r.Old is { Text: "Dòng cũ.", Kind: DiffLineKind.Deleted or DiffLineKind.Modified });
        Assert.All(["Dòng mới.", "Dòng thêm."], line => Assert.Contains(diff.Rows, r => r.New.Text == line && r.New.Kind is DiffLineKind.Inserted or DiffLineKind.Modified));
        Assert.Contains(diff.Rows, r => r.Old is { Kind: DiffLineKind.Empty, Text: null, Number: null });
        Assert.Contains(diff.Rows, r => r.Old is { Text: "Dòng giữ nguyên.", Kind: DiffLineKind.Unchanged } && r.New.Kind == DiffLineKind.Unchanged);
        Assert.True(diff.Changes >= 3);
    }

    [Fact]
    public async Task Drafts_AreNotListedOrShownToStaff()
    {
        var (client, _) = await OfficerAsync();
        var code = DocumentPeople.NewCode();
        var (id, _) = await CreateAsync(client, code);
        using var staff = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        await HttpAssert.ProblemAsync(await staff.GetAsync($"/api/v1/documents/{id}", Ct), HttpStatusCode.NotFound);
        var list = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/documents?text={code}", Ct);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }
}
