using Iso.Data;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Web.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Cli;

/// <summary>The engine's verbs: <c>workflows validate</c> and <c>calendar due</c>.</summary>
internal static class WorkflowVerbs
{
    public static CliVerb Validate { get; } = new(
        "workflows validate", "<tệp-hoặc-thư-mục>", "Kiểm tra định nghĩa quy trình (JSON); in mỗi lỗi kèm tệp và đường dẫn JSON.",
        invocation =>
        {
            if (invocation.Arguments.Count != 1)
            {
                invocation.Error.WriteLine("Cần đúng một đối số: tệp .json hoặc thư mục chứa các định nghĩa (ví dụ: workflows/).");
                return Task.FromResult(IsoCommandLine.UsageErrorExitCode);
            }

            return Task.FromResult(DefinitionValidationCli.Run(invocation.Arguments[0], invocation.Out, invocation.Error));
        });

    public static CliVerb CalendarDue { get; } = new(
        "calendar", "due --from <yyyy-MM-ddTHH:mm> (--working-hours N | --working-days N) [--intake]",
        "Tính thời hạn theo giờ làm việc (giờ Việt Nam) và in ra yyyy-MM-ddTHH:mm.",
        async invocation =>
        {
            // Only the calendar's own arguments go to it; configuration (--Iso:…=…) goes to the host.
            var own = invocation.Arguments.Where(a => !a.StartsWith("--Iso:", StringComparison.Ordinal)).ToList();
            var settings = invocation.Arguments.Where(a => a.StartsWith("--Iso:", StringComparison.Ordinal)).ToArray();
            await using var app = new CliInvocation(settings, invocation.Out, invocation.Error)
                .BuildApplication(b => b.Services.AddIsoWorkflowEngine(b.Configuration));
            var calendar = await UsesEnteredDays(app.Services)
                ? app.Services.GetRequiredService<IWorkingCalendar>()
                : new WorkingCalendar(app.Services.GetRequiredService<IOptions<WorkingCalendarOptions>>(), new PublishedHolidaysDataSource());
            return CalendarCli.Run(own, calendar, invocation.Out, invocation.Error);
        });

    /// <summary>The days an administrator entered live in the database; a machine where the product never ran has none,
    /// and then the announced days and the computed statutory calendar answer (nothing is created by asking).</summary>
    private static async Task<bool> UsesEnteredDays(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<IsoOptions>>().Value;
        if (options.Provider == DatabaseProvider.Sqlite && !File.Exists(Path.Combine(options.DataDirectoryFullPath, "iso.db")))
        {
            return false;
        }

        await using var scope = services.CreateAsyncScope();
        try
        {
            var database = scope.ServiceProvider.GetRequiredService<IsoDbContext>().Database;
            return !(await database.GetPendingMigrationsAsync()).Any();
        }
        catch (System.Data.Common.DbException)
        {
            return false;
        }
    }
}
