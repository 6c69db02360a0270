using Bunit;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Web.Components.Pages.Statistics;
using Iso.Web.Statistics;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Components.Pages.Statistics;

public sealed class StatisticsPageTests : BunitContext
{
    private readonly FakeStatistics _statistics = new();
    private readonly Guid _agencyId = Guid.NewGuid();

    public StatisticsPageTests()
    {
        this.AddIsoTestServices();
        Services.AddSingleton<IStatistics>(_statistics);
        Services.AddSingleton<CaseClock>();
        this.SignIn(TestUsers.Person("Lê Văn Ba", _agencyId, IsoRoles.Staff));
        IsoTestServices.UseCulture("vi-VN");
        _statistics.Agencies.Add(new StatisticsAgencyOption(_agencyId, "STP", "Sở Tư pháp"));
    }

    [Fact]
    public void Page_ShowsTheRowsTotalsRateAgainstTheTarget_AndTheBottleneckStep()
    {
        _statistics.Report = Report(
            [Row("tthc-mot-cap", "Cấp phiếu lý lịch tư pháp", 120, 100, 97, 2), Row("tthc-cap-xa", "Chứng thực bản sao", 30, 30, 24, 5)],
            [new StepStatistics("tthc-mot-cap", "Cấp phiếu lý lịch tư pháp", "examine", "Thẩm định hồ sơ", 100, 30.5m, 12, 0.12m, true),
             new StepStatistics("tthc-mot-cap", "Cấp phiếu lý lịch tư pháp", "approve", "Phê duyệt", 100, 4m, 1, 0.01m, false)]);

        var cut = Render<StatisticsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid='statistics-row']").Count));
        Assert.Equal("Thống kê giải quyết hồ sơ", cut.Find("h1").TextContent.Trim());
        Assert.Equal(["tthc-mot-cap", "tthc-cap-xa"], cut.FindAll("[data-testid='statistics-row']").Select(r => r.GetAttribute("data-key")));
        var rates = cut.FindAll("[data-testid='statistics-row-rate']");
        Assert.Equal("97,0\u00A0%", rates[0].TextContent.Trim());
        Assert.DoesNotContain("mud-error-text", rates[0].ClassName ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("80,0\u00A0%", rates[1].TextContent.Trim());
        Assert.Contains("mud-error-text", rates[1].ClassName, StringComparison.Ordinal);
        Assert.Equal("93,1\u00A0%", cut.Find("[data-testid='statistics-rate']").TextContent.Trim());
        Assert.Contains("Dưới mục tiêu 95 %", cut.Find("[data-testid='statistics-target']").TextContent, StringComparison.Ordinal);
        // The mark says what makes a step the bottleneck (where cases fall late, not only the longest step).
        Assert.Contains("quá hạn cao nhất", Assert.Single(cut.FindAll("[data-testid='statistics-bottleneck']")).GetAttribute("title"), StringComparison.Ordinal);
        Assert.Contains("Thẩm định hồ sơ", cut.Find("[data-testid='statistics-steps']").TextContent, StringComparison.Ordinal);
        // The steps are grouped under their procedure, whose name is written once.
        Assert.Equal("Cấp phiếu lý lịch tư pháp", Assert.Single(cut.FindAll("[data-testid='statistics-steps-procedure']")).TextContent.Trim());
        Assert.NotEmpty(cut.FindAll("[data-testid='statistics-chart-cases'] svg, .mud-chart svg"));
        // Staff read their own agency: the first request names it.
        Assert.Equal("STP", _statistics.Requests[0].Agency);
        Assert.Contains("agency=STP", cut.Find("[data-testid='statistics-export']").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void CasesChart_ColoursOnTimeGreen_LateRed_LateWithApologyAmber_InProgressBlue()
    {
        _statistics.Report = Report([Row("tthc-mot-cap", "Cấp phiếu lý lịch tư pháp", 120, 100, 90, 2)], []);

        var cut = Render<StatisticsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='statistics-row']")));
        var chart = cut.Find("[data-testid='statistics-chart-cases']");
        var legend = chart.QuerySelectorAll(".mud-chart-legend-item").Select(i => i.TextContent.Trim()).ToList();
        Assert.Equal(["Đúng hạn", "Trễ hạn chưa có thư xin lỗi", "Trễ hạn có thư xin lỗi", "Đang giải quyết"], legend);
        Assert.Equal(["#2e7d32", "#c62828", "#f9a825", "#1565c0"], StatisticsPage.CasesPalette);
        foreach (var colour in StatisticsPage.CasesPalette)
        {
            Assert.Contains(colour, chart.InnerHtml, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Page_SaysWhenNothingWasReceived_AndShowsAProblem()
    {
        _statistics.Report = Report([], []);
        var cut = Render<StatisticsPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='statistics-empty']")));

        _statistics.Problem = Problem.NotFound("Problem_AgencyNotFound", "X");
        cut.Find("[data-testid='statistics-show'] button, button[data-testid='statistics-show']").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='statistics-problem']")));
    }

    private static StatisticsRow Row(string key, string label, int received, int resolved, int onTime, int inProgress) =>
        new(key, label, received, resolved, onTime, resolved - onTime, inProgress, 0, resolved - onTime, resolved - onTime,
            resolved == 0 ? null : decimal.Round((decimal)onTime / resolved, 4));

    private StatisticsReport Report(IReadOnlyList<StatisticsRow> rows, IReadOnlyList<StepStatistics> steps)
    {
        var total = new StatisticsRow("total", string.Empty, rows.Sum(r => r.Received), rows.Sum(r => r.Resolved), rows.Sum(r => r.ResolvedOnTime),
            rows.Sum(r => r.ResolvedLate), rows.Sum(r => r.InProgress), 0, rows.Sum(r => r.Late), rows.Sum(r => r.LateWithApology),
            rows.Sum(r => r.Resolved) == 0 ? null : decimal.Round((decimal)rows.Sum(r => r.ResolvedOnTime) / rows.Sum(r => r.Resolved), 4));
        return new StatisticsReport(_agencyId, "Sở Tư pháp", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 1), "procedure", 0.95m, total, rows, steps);
    }

    private sealed class FakeStatistics : IStatistics
    {
        public List<StatisticsAgencyOption> Agencies { get; } = [];

        public List<StatisticsRequest> Requests { get; } = [];

        public StatisticsReport? Report { get; set; }

        public Problem? Problem { get; set; }

        public Task<Result<StatisticsReport>> HandleAsync(Caller caller, StatisticsRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(Problem is { } p ? (Result<StatisticsReport>)p : Result.Ok(Report!));
        }

        public Task<IReadOnlyList<StatisticsAgencyOption>> AgenciesAsync(Caller caller, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StatisticsAgencyOption>>(Agencies);
    }
}
