using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Web.Tests.TestSupport;
using static Iso.Web.Tests.Procedures.ProcedureTestData;

namespace Iso.Web.Tests.Procedures;

public sealed class TestRunEndpointTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TestRun_ThroughTheApi_ReturnsThePathWithDueMoments_ForTheAgencyAndAuditors()
    {
        using var officer = await factory.CreateClientForAsync(Officer, Demo.Password);
        using var auditor = await factory.CreateClientForAsync(Demo.Auditor, Demo.Password);
        using var stranger = await factory.CreateClientForAsync(Demo.HomeAffairsStaff, Demo.Password);
        var key = NewKey();
        using var created = await officer.PostAsJsonAsync("/api/v1/procedures", new { template = Template, key }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = $"/api/v1/procedures/{key}/versions/1/test-run";
        var body = new { receivedAt = "2026-04-29T14:00:00+07:00", outcomes = new Dictionary<string, string[]> { ["review"] = ["return"] } };

        using var run = await officer.PostAsJsonAsync(url, body, Ct);
        using var audited = await auditor.PostAsJsonAsync(url + "?agency=" + Demo.JusticeCode, body, Ct);
        using var hidden = await stranger.PostAsJsonAsync(url + "?agency=" + Demo.JusticeCode, body, Ct);
        using var bad = await officer.PostAsJsonAsync(url, new { receivedAt = "2026-04-29T14:00:00+07:00", mode = "fast" }, Ct);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var result = await run.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("completed", result.GetProperty("status").GetString());
        var path = result.GetProperty("path").EnumerateArray().ToList();
        Assert.Equal(9, path.Count);
        Assert.Equal("receive", path[0].GetProperty("nodeId").GetString());
        Assert.Equal("return", path[3].GetProperty("outcome").GetString());
        Assert.StartsWith("2026-05-04T", path[0].GetProperty("dueAt").GetString(), StringComparison.Ordinal);
        Assert.False(result.GetProperty("onTime").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, audited.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("mode", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRun_IsInTheOpenApiDocument()
    {
        using var client = factory.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json", Ct);

        Assert.Contains("/api/v1/procedures/{key}/versions/{version}/test-run", document, StringComparison.Ordinal);
        Assert.Contains("TestRunResult", document, StringComparison.Ordinal);
    }
}
