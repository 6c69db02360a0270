using System.Globalization;
using Iso.Data;
using Iso.Data.Seeding;
using Iso.Web.Auth;
using Iso.Web.Calendar;
using Iso.Web.Workflows;
using Iso.Workflows.Calendar;

namespace Iso.Web.Cli;

/// <summary><c>calendar set --year 2027 --file days.csv</c> enters a year's official days off and make-up working days;
/// <c>calendar show --year 2027</c> prints what is entered (or the computed default) in the same CSV form.</summary>
internal static class CalendarVerbs
{
    public static CliVerb Set { get; } = new(
        "calendar set", "--year <năm> --file <tệp.csv>",
        "Nhập ngày nghỉ và ngày làm bù chính thức của một năm (CSV: ngày,loại,tên); in các hạn xử lý sẽ thay đổi.",
        async invocation =>
        {
            var options = CliOptions.Parse(invocation.Arguments, ["--year", "--file"], [], out var error);
            var yearError = Year(options, out var year);
            error ??= yearError ?? (options.Get("--file") is null ? "Cần --file <tệp.csv>." : null);
            if (error is not null)
            {
                await invocation.Error.WriteLineAsync(error);
                return IsoCommandLine.UsageErrorExitCode;
            }

            var path = options.Get("--file")!;
            if (!File.Exists(path))
            {
                await invocation.Error.WriteLineAsync($"Không có tệp '{path}'.");
                return 1;
            }

            using var reader = new StreamReader(path);
            var (days, problems) = CalendarCsv.Parse(reader);
            if (problems.Count > 0)
            {
                await invocation.Error.WriteLineAsync($"Tệp '{path}' có lỗi, không lưu gì:");
                foreach (var problem in problems)
                {
                    await invocation.Error.WriteLineAsync("  " + problem);
                }

                return 1;
            }

            await using var app = Build(invocation, options);
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync();
            IReadOnlyList<DueChange> changes;
            try
            {
                changes = await scope.ServiceProvider.GetRequiredService<WorkingCalendarAdministration>().SaveAsync(year, days);
            }
            catch (ArgumentException invalid)
            {
                await invocation.Error.WriteLineAsync(invalid.Message.Split(" (Parameter")[0]);
                return 1;
            }

            await invocation.Out.WriteLineAsync(
                $"Đã lưu lịch làm việc năm {year}: {days.Count(d => d.Kind == CalendarDayKind.Holiday)} ngày nghỉ, " +
                $"{days.Count(d => d.Kind == CalendarDayKind.WorkingDay)} ngày làm bù.");
            WriteChanges(invocation.Out, changes);
            return 0;
        });

    public static CliVerb Show { get; } = new(
        "calendar show", "--year <năm>",
        "In ngày nghỉ và ngày làm bù của một năm dạng CSV (đã nhập, hoặc mặc định tính theo Bộ luật Lao động).",
        async invocation =>
        {
            var options = CliOptions.Parse(invocation.Arguments, ["--year"], [], out var error);
            var yearError = Year(options, out var year);
            error ??= yearError;
            if (error is not null)
            {
                await invocation.Error.WriteLineAsync(error);
                return IsoCommandLine.UsageErrorExitCode;
            }

            await using var app = Build(invocation, options);
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            var view = scope.ServiceProvider.GetRequiredService<WorkingCalendarAdministration>().GetYear(year);
            await invocation.Out.WriteLineAsync(view.IsEntered
                ? $"# Lịch năm {year} đã nhập"
                : $"# Năm {year} chưa nhập: mặc định tính theo Bộ luật Lao động 2019 (Điều 112), cần đối chiếu thông báo chính thức");
            await invocation.Out.WriteAsync(CalendarCsv.Write(view.IsEntered ? view.Days : view.ComputedDefault));
            return 0;
        });

    internal static void WriteChanges(TextWriter output, IReadOnlyList<DueChange> changes)
    {
        if (changes.Count == 0)
        {
            output.WriteLine("Không hạn xử lý nào đã cấp bị thay đổi.");
            return;
        }

        output.WriteLine($"{changes.Count} hạn xử lý đã cấp sẽ khác nếu tính theo lịch mới (giữ nguyên, không tự dời):");
        foreach (var change in changes)
        {
            var what = change.TaskId is null ? "hồ sơ" : $"bước '{change.TaskTitle}'";
            output.WriteLine(
                $"  {change.Reference ?? change.CaseId.ToString()} ({change.DefinitionKey}), {what}: " +
                $"{change.CurrentDue.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)} → " +
                $"{change.NewDue.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)}");
        }
    }

    private static string? Year(CliOptions options, out int year)
    {
        year = 0;
        var text = options.Get("--year");
        return text is null ? "Cần --year <năm>, ví dụ --year 2027."
            : !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) || year is < 2000 or > 2100
                ? $"--year '{text}' không hợp lệ: cần một năm từ 2000 đến 2100."
                : null;
    }

    private static WebApplication Build(CliInvocation invocation, CliOptions options) =>
        new CliInvocation(options.Settings, invocation.Out, invocation.Error).BuildApplication(AddCalendarServices);

    /// <summary>What the calendar verbs need: the engine's calendar, the policies and the administration service.</summary>
    internal static void AddCalendarServices(WebApplicationBuilder builder)
    {
        builder.Services.AddIsoWorkflowEngine(builder.Configuration);
        builder.Services.AddIsoAuthorization();
        builder.Services.AddSingleton<Cases.CaseClock>();
        builder.Services.AddScoped<WorkingCalendarAdministration>();
    }
}
