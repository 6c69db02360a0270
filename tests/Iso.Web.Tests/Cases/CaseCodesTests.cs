using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Iso.Data;
using Iso.Data.Seeding;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

public sealed class CaseCodesTests(IsoWebFactory factory)
{
    private const string Procedure = "tthc-mot-cap";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Reception => DemoAccounts.ReceptionStaff.UserName;

    [Fact]
    public async Task StartCase_GivesACodeOfTheAgencysElectronicCode_TheReceiptDay_AndAFourDigitNumber()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var received = new DateTimeOffset(2026, 8, 21, 9, 30, 0, TimeSpan.FromHours(7));

        var started = await scope.Get<StartCase>().HandleAsync(reception, new StartCaseRequest(Procedure, ReceivedAt: received), Ct);

        var electronicCode = await ElectronicCodeAsync(scope, DemoAccounts.ReceptionStaff.AgencyCode);
        Assert.Matches(@"^000\.00\.\d{2}\.H17$", electronicCode);
        Assert.Matches($"^{Regex.Escape(electronicCode)}-260821-\\d{{4}}$", started.Value.CaseCode!);
        var details = await scope.Get<GetCase>().HandleAsync(reception, started.Value.CaseId, Ct);
        Assert.Equal(started.Value.CaseCode, details.Value.Code);
    }

    [Fact]
    public async Task CaseCode_AfterMidnightLocalTime_UsesTheLocalReceiptDay()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        // 00:30 on 22/08 in Việt Nam is still 21/08 in UTC.
        var received = new DateTimeOffset(2026, 8, 21, 17, 30, 0, TimeSpan.Zero);

        var started = await scope.Get<StartCase>().HandleAsync(reception, new StartCaseRequest(Procedure, ReceivedAt: received), Ct);

        Assert.Contains("-260822-", started.Value.CaseCode!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParallelStarts_OnOneDay_GetDistinctConsecutiveNumbers()
    {
        const int count = 16;
        var received = new DateTimeOffset(2026, 3, 11, 10, 0, 0, TimeSpan.FromHours(7));
        var codes = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var reception = await scope.ServiceProvider.CallerAsync(Reception);
            var started = await scope.Get<StartCase>().HandleAsync(reception, new StartCaseRequest(Procedure, ReceivedAt: received), Ct);
            return started.Value.CaseCode!;
        }));

        Assert.Equal(count, codes.Distinct(StringComparer.Ordinal).Count());
        var numbers = codes.Select(c => int.Parse(c[(c.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture)).Order().ToList();
        // Other tests may take numbers of the same day too, but ours never collide and never skip inside one batch's range.
        Assert.All(codes, c => Assert.Contains("-260311-", c, StringComparison.Ordinal));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public async Task TwoAgencies_OnOneDay_NumberTheirCasesIndependently()
    {
        var received = new DateTimeOffset(2026, 2, 3, 10, 0, 0, TimeSpan.FromHours(7));
        await using var scope = factory.Services.CreateAsyncScope();
        var justice = await scope.ServiceProvider.CallerAsync(Reception);
        var homeAffairs = await scope.ServiceProvider.CallerAsync(DemoAccounts.HomeAffairsReception.UserName);

        var a = await scope.Get<StartCase>().HandleAsync(justice, new StartCaseRequest(Procedure, ReceivedAt: received), Ct);
        var b = await scope.Get<StartCase>().HandleAsync(homeAffairs, new StartCaseRequest("tthc-lien-thong", ReceivedAt: received), Ct);

        Assert.NotEqual(a.Value.CaseCode![..a.Value.CaseCode!.IndexOf('-')], b.Value.CaseCode![..b.Value.CaseCode!.IndexOf('-')]);
    }

    [Fact]
    public async Task GetCase_ByCode_IsTheSameCaseAsById()
    {
        using var client = await factory.CreateClientForAsync(Reception, Demo.Password);
        using var response = await client.PostAsJsonAsync("/api/v1/cases", new { definitionKey = Procedure }, Ct);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var code = started.GetProperty("caseCode").GetString()!;

        var byCode = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{code}", Ct);

        Assert.Equal(started.GetProperty("caseId").GetGuid(), byCode.GetProperty("id").GetGuid());
        Assert.Equal(code, byCode.GetProperty("code").GetString());
    }

    [Fact]
    public async Task GetCase_ByCode_OfAnotherAgency_Is404NamingOnlyTheCode()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        using var response = await reception.PostAsJsonAsync("/api/v1/cases", new { definitionKey = Procedure }, Ct);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var code = started.GetProperty("caseCode").GetString()!;
        var id = started.GetProperty("caseId").GetGuid();
        using var other = await factory.CreateClientForAsync(Demo.HomeAffairsStaff, Demo.Password);

        foreach (var path in new[] { $"/api/v1/cases/{code}", $"/api/v1/cases/{code}/sync", $"/api/v1/cases/{code}/receipt", $"/api/v1/cases/{code}/sheet" })
        {
            using var refused = await other.GetAsync(path, Ct);
            var problem = await HttpAssert.ProblemAsync(refused, HttpStatusCode.NotFound);
            Assert.DoesNotContain(id.ToString(), problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task GetCase_ByAnUnknownCode_Is404()
    {
        using var client = await factory.CreateClientForAsync(Reception, Demo.Password);

        using var response = await client.GetAsync("/api/v1/cases/000.00.99.H99-200101-9999", Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DemoAgencies_HaveDistinctElectronicCodes()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);

        string[] demo = ["DAKNONG", "STP", "SNV", "GIANGHIA", "NGHIADUC", "NGHIATHANH"];
        var codes = await db.Agencies.Where(a => demo.Contains(a.Code)).Select(a => a.ElectronicCode).ToListAsync(Ct);

        Assert.Equal(demo.Length, codes.Count);
        Assert.All(codes, c => Assert.Matches(@"^000\.\d{2}\.\d{2}\.H17$", c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    private static async Task<string> ElectronicCodeAsync(AsyncServiceScope scope, string agencyCode)
    {
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        return await db.Agencies.Where(a => a.Code == agencyCode).Select(a => a.ElectronicCode!).SingleAsync(Ct);
    }
}
