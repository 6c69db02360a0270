using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Iso.Web.Tests.TestSupport;
using static Iso.Web.Tests.Procedures.ProcedureTestData;

namespace Iso.Web.Tests.Procedures;

public sealed class ProcedureEndpointsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Procedures_ListsWhatTheAgencyMayStart_WithTimeLimitAndCategory()
    {
        using var staff = await factory.CreateClientForAsync(Reception, Demo.Password);

        var list = await staff.GetFromJsonAsync<JsonElement>("/api/v1/procedures", Ct);

        var own = Assert.Single(list.EnumerateArray(), p => p.GetProperty("key").GetString() == "tthc-mot-cap");
        Assert.False(own.GetProperty("isTemplate").GetBoolean());
        Assert.Equal("tthc", own.GetProperty("category").GetString());
        Assert.Equal(10m, own.GetProperty("timeLimitWorkingDays").GetDecimal());
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("isTemplate").GetBoolean());
    }

    [Fact]
    public async Task AdoptEditSubmitApprove_ThroughTheApi_ThenACaseRunsOnTheNewVersion()
    {
        using var officer = await factory.CreateClientForAsync(Officer, Demo.Password);
        using var leader = await factory.CreateClientForAsync(Leader, Demo.Password);
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var key = NewKey();

        using var created = await officer.PostAsJsonAsync("/api/v1/procedures", new { template = Template, key, name = "Quy trình API " + key }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/procedures/{key}/versions/1", created.Headers.Location?.OriginalString);
        var etag = created.Headers.ETag!.Tag;
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var json = draft.GetProperty("json").GetString()!.Replace("\"workingDays\": 7", "\"workingDays\": 6", StringComparison.Ordinal);

        using var saved = await PutAsync(officer, key, 1, json, etag);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        using var submitted = await officer.PostAsync($"/api/v1/procedures/{key}/versions/1/submit", null, Ct);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        using var approved = await leader.PostAsJsonAsync($"/api/v1/procedures/{key}/versions/1/approve", new { decisionNumber = "45/QĐ-UBND", decisionDate = "2026-02-10" }, Ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        using var started = await reception.PostAsJsonAsync("/api/v1/cases", new { definitionKey = key, reference = "HS-" + key }, Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var caseId = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("caseId").GetGuid();
        var details = await reception.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);
        Assert.Equal(key, details.GetProperty("definitionKey").GetString());
        Assert.Equal(1, details.GetProperty("definitionVersion").GetInt32());
        var versions = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/procedures/{key}/versions", Ct);
        Assert.Equal(1, versions.GetProperty("versions")[0].GetProperty("caseCount").GetInt32());
    }

    [Fact]
    public async Task SaveDraft_WithAStaleETag_Is412_AndWithoutIfMatch_Is428()
    {
        using var officer = await factory.CreateClientForAsync(Officer, Demo.Password);
        var key = NewKey();
        using var created = await officer.PostAsJsonAsync("/api/v1/procedures", new { template = Template, key }, Ct);
        var etag = created.Headers.ETag!.Tag;
        var json = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("json").GetString()!;

        using var first = await PutAsync(officer, key, 1, json.Replace("Phân công xử lý hồ sơ", "Phân công (A)", StringComparison.Ordinal), etag);
        using var stale = await PutAsync(officer, key, 1, json.Replace("Phân công xử lý hồ sơ", "Phân công (B)", StringComparison.Ordinal), etag);
        using var missing = await PutAsync(officer, key, 1, json, null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(etag, first.Headers.ETag!.Tag);
        var problem = await HttpAssert.ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Contains(key, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(missing, HttpStatusCode.PreconditionRequired);
        var stored = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/procedures/{key}/versions/1", Ct);
        Assert.Contains("Phân công (A)", stored.GetProperty("json").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherAgencysProcedure_Is404_ForReadAndChange()
    {
        using var officer = await factory.CreateClientForAsync(Officer, Demo.Password);
        using var stranger = await factory.CreateClientForAsync(Demo.HomeAffairsStaff, Demo.Password);
        var key = NewKey();
        using var created = await officer.PostAsJsonAsync("/api/v1/procedures", new { template = Template, key }, Ct);
        var etag = created.Headers.ETag!.Tag;

        using var read = await stranger.GetAsync($"/api/v1/procedures/{key}/versions/1?agency={Demo.JusticeCode}", Ct);
        using var list = await stranger.GetAsync($"/api/v1/procedures?agency={Demo.JusticeCode}", Ct);
        using var save = await PutAsync(stranger, key, 1, "{}", etag);

        await HttpAssert.ProblemAsync(read, HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(list, HttpStatusCode.NotFound);
        Assert.True(save.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, save.StatusCode.ToString());
    }

    [Fact]
    public async Task Validate_WithABody_ReturnsProblemsWithJsonPaths_AndWithoutOne_ChecksTheStoredVersion()
    {
        using var officer = await factory.CreateClientForAsync(Officer, Demo.Password);
        var key = NewKey();
        using var created = await officer.PostAsJsonAsync("/api/v1/procedures", new { template = Template, key }, Ct);

        using var broken = await officer.PostAsync($"/api/v1/procedures/{key}/versions/1/validate",
            new StringContent("""{ "key": "x", "version": 1, "name": "X", "nodes": [ { "id": "s", "type": "start", "to": "nowhere" }, { "id": "e", "type": "end" } ] }""", Encoding.UTF8, "application/json"), Ct);
        using var stored = await officer.PostAsync($"/api/v1/procedures/{key}/versions/1/validate", null, Ct);

        var report = await broken.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains(report.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "$.nodes[0].to");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.True((await stored.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("isValid").GetBoolean());
    }

    [Fact]
    public async Task OpenApi_DescribesTheProcedureAndTthcContracts()
    {
        using var anonymous = factory.CreateAnonymousClient();

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        var paths = document.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/v1/procedures", "/api/v1/procedures/{key}/versions", "/api/v1/procedures/{key}/versions/{version}",
                     "/api/v1/procedures/{key}/versions/{version}/validate", "/api/v1/procedures/{key}/versions/{version}/submit",
                     "/api/v1/procedures/{key}/versions/{version}/approve", "/api/v1/procedures/{key}/versions/{version}/retire",
                     "/api/v1/tthc", "/api/v1/tthc/import",
                 })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from /openapi/v1.json");
        }

        Assert.True(paths.GetProperty("/api/v1/procedures/{key}/versions/{version}").TryGetProperty("put", out _));
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string key, int version, string json, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/procedures/{key}/versions/{version}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
