using Iso.Data;
using Iso.Data.Cases;
using Iso.Web.Workflows;
using Iso.Workflows.Calendar;

namespace Iso.Web.Cli;

/// <summary><c>statistics rebuild</c>: the pre-aggregated statistics (ADR 0030) recomputed from the raw rows, e.g. after a
/// restore. The triggers keep them current otherwise.</summary>
internal static class StatisticsVerbs
{
    public static CliVerb Rebuild { get; } = new(
        "statistics rebuild", "",
        "Tính lại bảng số liệu thống kê tổng hợp (theo ngày, theo bước) từ các hồ sơ và công việc đã lưu, kể cả thời gian làm việc còn thiếu của các bước; dùng sau khi khôi phục dữ liệu.",
        async invocation =>
        {
            if (invocation.Arguments.Any(a => !a.StartsWith("--", StringComparison.Ordinal)))
            {
                await invocation.Error.WriteLineAsync("'statistics rebuild' không nhận đối số (chỉ cấu hình dạng --Iso:…=…).");
                return IsoCommandLine.UsageErrorExitCode;
            }

            await using var app = invocation.BuildApplication(b => b.Services.AddIsoWorkflowEngine(b.Configuration));
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            var db = services.GetRequiredService<IsoDbContext>();
            var started = System.Diagnostics.Stopwatch.StartNew();
            await CaseStatisticsMaintenance.RebuildAsync(
                db, services.GetRequiredService<IWorkingCalendar>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("Iso.Statistics"));
            await invocation.Out.WriteLineAsync($"Đã tính lại số liệu thống kê tổng hợp trong {started.Elapsed.TotalSeconds:N1} giây.");
            return 0;
        });
}
