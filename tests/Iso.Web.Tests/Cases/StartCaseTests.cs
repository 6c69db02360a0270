using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Data.Seeding;
using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

public sealed class StartCaseTests(IsoWebFactory factory)
{
    private const string Procedure = "tthc-mot-cap";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Reception => DemoAccounts.ReceptionStaff.UserName;

    [Fact]
    public async Task StartCase_ByAnAuditor_IsForbidden()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var auditor = await scope.ServiceProvider.CallerAsync(Demo.Auditor);

        var result = await scope.Get<StartCase>().HandleAsync(auditor, new StartCaseRequest(Procedure), Ct);

        Assert.Equal(ProblemKind.Forbidden, result.Problem?.Kind);
    }

    [Fact]
    public async Task StartCase_ByNobody_IsForbidden()
    {
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.Get<StartCase>().HandleAsync(Caller.Nobody, new StartCaseRequest(Procedure), Ct);

        Assert.Equal(ProblemKind.Forbidden, result.Problem?.Kind);
    }

    [Fact]
    public async Task StartCase_IsStartedInTheCallersOwnAgency()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);

        var started = await scope.Get<StartCase>().HandleAsync(reception, new StartCaseRequest(Procedure, "HS-SCOPE"), Ct);

        var details = await scope.Get<GetCase>().HandleAsync(reception, started.Value.CaseId, Ct);
        Assert.Equal(reception.AgencyId, details.Value.AgencyId);
        Assert.Equal(reception.UserId, details.Value.InitiatorId);
    }

    [Theory]
    [InlineData(1900, 1, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(2020, 12, 31)]
    public async Task StartCase_ReceivedBeforeTheAgencyExisted_IsInvalidNamingReceivedAt(int year, int month, int day)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var received = new DateTimeOffset(year, month, day, 8, 0, 0, TimeSpan.Zero);

        var result = await scope.Get<StartCase>().HandleAsync(reception, new StartCaseRequest(Procedure, ReceivedAt: received), Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Equal(["receivedAt"], result.Problem!.Errors.Keys);
    }

    [Fact]
    public async Task StartCase_ReceivedInTheFuture_IsInvalidNamingReceivedAt()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var tomorrow = scope.Get<TimeProvider>().GetUtcNow().AddDays(1);

        var result = await scope.Get<StartCase>().HandleAsync(reception, new StartCaseRequest(Procedure, ReceivedAt: tomorrow), Ct);

        Assert.Equal(["receivedAt"], result.Problem?.Errors.Keys);
    }

    [Fact]
    public async Task StartCase_WithOversizedTexts_NamesEachField()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var huge = JsonSerializer.SerializeToElement(new string('x', TextLimits.Value + 1));
        var request = new StartCaseRequest(
            new string('k', TextLimits.Code + 1),
            new string('r', TextLimits.Reference + 1),
            new Dictionary<string, JsonElement> { ["applicantName"] = huge });

        var result = await scope.Get<StartCase>().HandleAsync(reception, request, Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Equal(["definitionKey", "reference", "variables.applicantName"], result.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("1900-01-01T08:00:00+07:00")]
    public async Task StartCase_OverHttp_WithAnOutOfRangeReceivedMoment_Is400NamingTheField_AndStoresNothing(string receivedAt)
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var reference = "HS-" + Guid.NewGuid().ToString("N");
        using var body = new StringContent(
            $$"""{"definitionKey":"{{Procedure}}","reference":"{{reference}}","receivedAt":"{{receivedAt}}"}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await reception.PostAsync("/api/v1/cases", body, Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("receivedAt", out _));
        Assert.Null(await InboxPages.FindAsync(reception, t => t.GetRawText().Contains(reference, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StartCase_OverHttp_ProblemIsInVietnameseByDefault_AndEnglishOnRequest()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var request = new { definitionKey = Procedure, receivedAt = "2999-01-01T00:00:00Z" };

        using var vietnamese = await reception.PostAsJsonAsync("/api/v1/cases", request, Ct);
        reception.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den-US%7Cuic%3Den-US");
        using var english = await reception.PostAsJsonAsync("/api/v1/cases", request, Ct);

        var vi = await HttpAssert.ProblemAsync(vietnamese, HttpStatusCode.BadRequest);
        var en = await HttpAssert.ProblemAsync(english, HttpStatusCode.BadRequest);
        Assert.Equal("Thời điểm tiếp nhận không được ở tương lai.", vi.GetProperty("errors").GetProperty("receivedAt")[0].GetString());
        Assert.Equal("The received moment cannot be in the future.", en.GetProperty("errors").GetProperty("receivedAt")[0].GetString());
    }
}
