using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using Iso.Data;
using Iso.Data.Seeding;
using Iso.Web.Application;
using Iso.Web.Statistics;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Statistics;

/// <summary>The statistics against the hand-counted cases of <see cref="StatisticsWorld"/>, their agency scoping, the
/// HTTP doors and the Excel export read back.</summary>
public sealed class GetStatisticsTests(StatisticsFactory factory) : IClassFixture<StatisticsFactory>
{
    private static readonly DateOnly From = new(2026, 8, 1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ByMonth_MatchesTheHandCountedCases_AcrossTheNationalDayHoliday()
    {
        var world = await factory.WorldAsync();

        var report = await StatisticsAsync(world.Clerk, new StatisticsRequest(By: "month", From: From));

        var august = report.Rows.Single(r => r.Key == "2026-08");
        Assert.Equal((3, 3, 1, 2, 0, 0, 2, 1), Figures(august));
        Assert.Equal(0.3333m, august.OnTimeRate);
        var september = report.Rows.Single(r => r.Key == "2026-09");
        Assert.Equal((3, 2, 2, 0, 1, 1, 1, 0), Figures(september));
        Assert.Equal(1m, september.OnTimeRate);
        var thisMonth = report.Rows.Single(r => r.Key == world.G.Plan.ReceivedAt.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((1, 0, 0, 0, 1, 0, 0, 0), Figures(thisMonth));
        Assert.Null(thisMonth.OnTimeRate);
        Assert.Equal((7, 5, 3, 2, 2, 1, 3, 1), Figures(report.Total));
        Assert.Equal(0.6m, report.Total.OnTimeRate);
        Assert.Equal(0.95m, report.OnTimeTarget);
        Assert.Equal(world.AgencyId, report.AgencyId);
        // Every month of the period has its row, empty ones too.
        Assert.Equal("2026-08", report.Rows[0].Key);
        Assert.Equal(0, report.Rows.Where(r => r.Key is "2026-10").Sum(r => r.Received));

        // Case A took a week of calendar time, yet was on time: the holiday does not count.
        Assert.True(await CompletedAtAsync(world.A.Id) > world.A.Plan.ReceivedAt.AddDays(5));
    }

    [Fact]
    public async Task ByProcedure_GivesOneRowPerProcedure_WithItsName_AndTheStepsWithTheBottleneck()
    {
        var world = await factory.WorldAsync();

        var report = await StatisticsAsync(world.Clerk, new StatisticsRequest(From: From));

        var row = Assert.Single(report.Rows);
        Assert.Equal(StatisticsWorld.Procedure, row.Key);
        Assert.Contains("cấp xã", row.Label, StringComparison.Ordinal);
        Assert.Equal(Figures(report.Total), Figures(row));
        var steps = report.Steps.Where(s => s.Procedure == StatisticsWorld.Procedure).ToDictionary(s => s.Step);
        // A–F completed intake; A–E every step; B and C took 1.5–1.6 times each counted step's time; delivery is not counted.
        Assert.Equal((6, 2), (steps["receive"].Completed, steps["receive"].CompletedLate));
        Assert.Equal((6, 2), (steps["examine"].Completed, steps["examine"].CompletedLate));
        Assert.Equal((5, 2), (steps["approve"].Completed, steps["approve"].CompletedLate));
        Assert.Equal((5, 2), (steps["register"].Completed, steps["register"].CompletedLate));
        Assert.Equal((5, 0), (steps["deliver"].Completed, steps["deliver"].CompletedLate));
        Assert.Equal(["receive", "examine", "approve", "register", "deliver"], report.Steps.Select(s => s.Step));
        Assert.Equal("Tiếp nhận hồ sơ", steps["receive"].StepTitle);
        Assert.All(steps.Values, s => Assert.True(s.AverageHours > 0));
        var bottleneck = Assert.Single(report.Steps, s => s.Bottleneck);
        Assert.Contains(bottleneck.Step, new[] { "approve", "register" });
        Assert.Equal(0.4m, bottleneck.LateShare);
    }

    [Fact]
    public async Task Staff_ReadTheirOwnAgency_NotAnothers_NorAll_WhileAuditorsReadAnyAndAll()
    {
        var world = await factory.WorldAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var useCase = scope.Get<GetStatistics>();
        var stranger = await scope.ServiceProvider.CallerAsync(world.OtherClerk);
        var auditor = await scope.ServiceProvider.CallerAsync(DemoAccounts.Auditor.UserName);

        var own = await useCase.HandleAsync(stranger, new StatisticsRequest(From: From), Ct);
        var theirs = await useCase.HandleAsync(stranger, new StatisticsRequest(world.AgencyCode, From), Ct);
        var all = await useCase.HandleAsync(stranger, new StatisticsRequest("all", From), Ct);
        var audited = await useCase.HandleAsync(auditor, new StatisticsRequest(world.AgencyCode, From), Ct);
        var everything = await useCase.HandleAsync(auditor, new StatisticsRequest(From: From), Ct);

        Assert.Equal(1, own.Value.Total.Received);
        Assert.Equal(ProblemKind.NotFound, theirs.Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, all.Problem!.Kind);
        Assert.Equal(7, audited.Value.Total.Received);
        Assert.Null(everything.Value.AgencyId);
        Assert.True(everything.Value.Total.Received >= 8);
        Assert.Equal(2, (await useCase.AgenciesAsync(auditor, Ct)).Count(a => a.Code.EndsWith(world.Tag, StringComparison.Ordinal)));
        Assert.Single(await useCase.AgenciesAsync(stranger, Ct));
    }

    [Fact]
    public async Task BadInput_NamesTheField()
    {
        var world = await factory.WorldAsync();

        await using var scope = factory.Services.CreateAsyncScope();
        var useCase = scope.Get<GetStatistics>();
        var clerk = await scope.ServiceProvider.CallerAsync(world.Clerk);
        var by = await useCase.HandleAsync(clerk, new StatisticsRequest(By: "week"), Ct);
        var backwards = await useCase.HandleAsync(clerk, new StatisticsRequest(From: new DateOnly(2026, 9, 1), To: new DateOnly(2026, 8, 1)), Ct);
        var tooLong = await useCase.HandleAsync(clerk, new StatisticsRequest(From: new DateOnly(2020, 1, 1), To: new DateOnly(2026, 8, 1)), Ct);

        Assert.Contains("by", by.Problem!.Errors.Keys);
        Assert.Contains("to", backwards.Problem!.Errors.Keys);
        Assert.Contains("from", tooLong.Problem!.Errors.Keys);
    }

    [Fact]
    public async Task Api_AnswersTheFigures_AndAnotherAgencysAreNotFound()
    {
        var world = await factory.WorldAsync();
        using var clerk = await factory.CreateClientForAsync(world.Clerk);
        using var stranger = await factory.CreateClientForAsync(world.OtherClerk);

        var report = await clerk.GetFromJsonAsync<JsonElement>($"/api/v1/statistics?from=2026-08-01&to=2026-09-30&by=month", Ct);
        using var theirs = await stranger.GetAsync($"/api/v1/statistics?agency={world.AgencyCode}&from=2026-08-01", Ct);
        using var theirExport = await stranger.GetAsync($"/api/v1/statistics/export?agency={world.AgencyCode}", Ct);
        using var bad = await clerk.GetAsync("/api/v1/statistics?by=week", Ct);

        Assert.Equal(6, report.GetProperty("total").GetProperty("received").GetInt32());
        Assert.Equal(2, report.GetProperty("rows").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirExport.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("by", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_IsAWorkbook_WithTheFiguresAndTheSteps()
    {
        var world = await factory.WorldAsync();
        using var clerk = await factory.CreateClientForAsync(world.Clerk);

        using var response = await clerk.GetAsync("/api/v1/statistics/export?from=2026-08-01&to=2026-09-30&by=month", Ct);

        response.EnsureSuccessStatusCode();
        Assert.Equal(StatisticsWorkbook.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("thong-ke-20260801-20260930.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync(Ct));
        var figures = workbook.Worksheet(1);
        Assert.Equal("Số liệu", figures.Name);
        Assert.Equal("Tháng", figures.Cell(5, 1).GetString());
        Assert.Equal("Tiếp nhận", figures.Cell(5, 2).GetString());
        Assert.Equal("08/2026", figures.Cell(6, 1).GetString());
        Assert.Equal([3, 3, 1, 2, 0, 0, 2, 1], Enumerable.Range(2, 8).Select(c => figures.Cell(6, c).GetValue<int>()));
        Assert.Equal(0.3333, figures.Cell(6, 10).GetDouble(), 4);
        Assert.Equal("09/2026", figures.Cell(7, 1).GetString());
        Assert.Equal("Tổng cộng", figures.Cell(8, 1).GetString());
        Assert.Equal([6, 5, 3, 2, 1, 1, 3, 1], Enumerable.Range(2, 8).Select(c => figures.Cell(8, c).GetValue<int>()));
        var steps = workbook.Worksheet(2);
        Assert.Equal("Các bước", steps.Name);
        Assert.Equal("Tiếp nhận hồ sơ", steps.Cell(2, 2).GetString());
        Assert.Equal(6, steps.Cell(2, 3).GetValue<int>());
        Assert.Equal(1, steps.RowsUsed().Skip(1).Count(r => r.Cell(7).GetString() == "Điểm nghẽn"));
    }

    private static (int, int, int, int, int, int, int, int) Figures(StatisticsRow r) =>
        (r.Received, r.Resolved, r.ResolvedOnTime, r.ResolvedLate, r.InProgress, r.InProgressOverdue, r.Late, r.LateWithApology);

    private async Task<StatisticsReport> StatisticsAsync(string userName, StatisticsRequest request)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.Get<GetStatistics>().HandleAsync(await scope.ServiceProvider.CallerAsync(userName), request, Ct);
        Assert.True(result.Succeeded, result.Problem?.ToString());
        return result.Value;
    }

    private async Task<DateTimeOffset?> CompletedAtAsync(Guid caseId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        return await db.Set<WorkflowCaseRecord>().Where(c => c.Id == caseId).Select(c => c.CompletedAt).SingleAsync(Ct);
    }
}
