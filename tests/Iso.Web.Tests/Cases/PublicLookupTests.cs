using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Data.Seeding;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

public sealed class PublicLookupTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lookup_Anonymously_GivesStatusAndAppointmentOnly()
    {
        var (code, caseId) = await ReceiveAsync("Phạm Bí Mật", "079301004321", "0977000111");
        using var anonymous = factory.CreateAnonymousClient();

        using var response = await anonymous.GetAsync($"/api/v1/public/cases/{code}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var body = JsonDocument.Parse(text).RootElement;
        // "rescheduled": the appointment is the new date of an issued apology letter (status and date only, still).
        Assert.Equal(["appointmentAt", "code", "finishedAt", "rescheduled", "status"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("processing", body.GetProperty("status").GetString());
        foreach (var secret in new[] { "Phạm Bí Mật", "079301004321", "0977000111", caseId.ToString(), DemoAccounts.ReceptionStaff.FullName, DemoAccounts.ReceptionStaff.UserName })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task LookupPage_Anonymously_ShowsTheStatusAndNothingOfTheApplicant()
    {
        var (code, _) = await ReceiveAsync("Đỗ Riêng Tư", "079301004322", "0977000222");
        using var anonymous = factory.CreateAnonymousClient();

        var html = await anonymous.GetStringAsync($"/tra-cuu?ma={Uri.EscapeDataString(code)}", Ct);

        Assert.Contains("Đang giải quyết", html, StringComparison.Ordinal);
        Assert.Contains(code, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Đỗ Riêng Tư", html, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoAccounts.ReceptionStaff.FullName, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000.00.99.H99-200101-9999")]
    [InlineData("not-a-code")]
    public async Task Lookup_OfAnUnknownOrMalformedCode_Is404(string code)
    {
        using var anonymous = factory.CreateAnonymousClient();

        using var response = await anonymous.GetAsync($"/api/v1/public/cases/{code}", Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lookup_ByTheCasesGuid_Is404()
    {
        var (_, caseId) = await ReceiveAsync("Ai Đó", "079301004323", "0977000333");
        using var anonymous = factory.CreateAnonymousClient();

        using var response = await anonymous.GetAsync($"/api/v1/public/cases/{caseId}", Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lookup_BeyondTheLimitPerAddress_Is429WithRetryAfter()
    {
        // Its own app (own data folder) with a limit of 3, so that the shared app's lookups keep their allowance.
        var folder = Path.Combine(Path.GetTempPath(), "iso-lookup-limit-" + Guid.NewGuid().ToString("N"));
        await using var limited = factory.WithWebHostBuilder(b => b
            .UseSetting("Iso:DataDirectory", folder)
            .UseSetting("Iso:Reception:PublicLookupsPerMinute", "3"));
        using var anonymous = limited.CreateClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 5; i++)
        {
            using var response = await anonymous.GetAsync("/api/v1/public/cases/000.00.99.H99-200101-0001", Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    private async Task<(string Code, Guid CaseId)> ReceiveAsync(string name, string idNumber, string phone)
    {
        using var client = await factory.CreateClientForAsync(DemoAccounts.ReceptionStaff.UserName, Demo.Password);
        var procedures = await client.GetFromJsonAsync<JsonElement>("/api/v1/reception/procedures", Ct);
        var procedure = procedures[0];
        var documents = procedure.GetProperty("requiredDocuments").EnumerateArray()
            .Where(d => !d.GetProperty("optional").GetBoolean()).Select(d => d.GetProperty("name").GetString()).ToArray();
        using var response = await client.PostAsJsonAsync("/api/v1/reception/cases", new
        {
            definitionKey = procedure.GetProperty("key").GetString(),
            applicant = new { name, idNumber, phone, address = "Gia Nghĩa, Đắk Nông" },
            documents,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (body.GetProperty("code").GetString()!, body.GetProperty("caseId").GetGuid());
    }
}
