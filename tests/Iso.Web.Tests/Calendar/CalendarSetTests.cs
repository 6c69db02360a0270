using Iso.Data;
using Microsoft.AspNetCore.Builder;
using Iso.Web.Calendar;
using Iso.Web.Cli;
using Iso.Web.Workflows;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Calendar;

/// <summary>Entering next year's days off: <c>calendar set</c> stores them, lists the due moments already given that the new
/// schedule would move (without moving them), refuses a bad file whole, and <c>calendar due</c> then follows the entered days.</summary>
public sealed class CalendarSetTests : IDisposable
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "iso-calendar-set-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task CalendarSet_StoresTheYear_ListsTheMovedDueMoments_AndLeavesThemAsGiven()
    {
        Assert.Equal(0, (await RunAsync("seed", "--demo")).Exit);
        // Received on Monday 28/12/2026 at 09:00: 10 working days end on 12/01/2027 at 09:00 (01/01 off) under the computed default.
        var caseId = await StartCaseAsync(new DateTimeOffset(2026, 12, 28, 9, 0, 0, Vietnam));
        var given = await CaseDueAsync(caseId);
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 9, 0, 0, Vietnam), given);

        // The announced schedule also gives Monday 04/01/2027 off.
        var file = WriteFile("""
            ngay,loai,ten
            2027-01-01,nghỉ,Tết Dương lịch
            2027-01-04,nghỉ,Nghỉ thêm
            """);
        var (exit, output, error) = await RunAsync("calendar", "set", "--year", "2027", "--file", file);

        Assert.True(exit == 0, error);
        Assert.Contains("2 ngày nghỉ, 0 ngày làm bù", output, StringComparison.Ordinal);
        Assert.Contains("HS-LICH (tthc-mot-cap), hồ sơ: 12/01/2027 09:00 → 13/01/2027 09:00", output, StringComparison.Ordinal);
        Assert.Equal(given, await CaseDueAsync(caseId)); // listed, not moved

        var due = await RunAsync("calendar", "due", "--from", "2027-01-01T08:00", "--working-days", "2");
        Assert.Equal(0, due.Exit);
        Assert.Equal("2027-01-06T17:00", due.Output.Trim()); // 01/01 and 04/01 off: counted from 05/01 08:00
    }

    [Fact]
    public async Task FindDueChanges_ListsACaseWhoseAppointmentANewDayOffWouldMove_ButNotOneASwapLeavesInPlace()
    {
        Assert.Equal(0, (await RunAsync("seed", "--demo")).Exit);
        var caseId = await StartCaseAsync(new DateTimeOffset(2026, 12, 28, 9, 0, 0, Vietnam));

        await using var app = BuildApp();
        await using var scope = app.Services.CreateAsyncScope();
        var administration = scope.ServiceProvider.GetRequiredService<WorkingCalendarAdministration>();
        var days = new List<CalendarDayOverride>
        {
            new(new DateOnly(2027, 1, 1), CalendarDayKind.Holiday, "Tết Dương lịch"),
            new(new DateOnly(2027, 1, 4), CalendarDayKind.Holiday, "Ngày nghỉ thêm"),
        };

        var changes = await administration.FindDueChangesAsync(2027, days, TestContext.Current.CancellationToken);
        // Monday 04/01 off, made up on Saturday 09/01: ten working days still end on 12/01.
        var swap = await administration.FindDueChangesAsync(
            2027, [.. days, new(new DateOnly(2027, 1, 9), CalendarDayKind.WorkingDay, "Làm bù")], TestContext.Current.CancellationToken);

        var caseChange = Assert.Single(changes, c => c.CaseId == caseId && c.TaskId is null);
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 9, 0, 0, Vietnam), caseChange.CurrentDue);
        Assert.Equal(new DateTimeOffset(2027, 1, 13, 9, 0, 0, Vietnam), caseChange.NewDue);
        Assert.DoesNotContain(swap, c => c.CaseId == caseId && c.TaskId is null);
    }

    [Fact]
    public async Task CalendarSet_WithADayOutsideTheYearOrABadRow_StoresNothing()
    {
        Assert.Equal(0, (await RunAsync("migrate")).Exit);

        var outside = await RunAsync("calendar", "set", "--year", "2027", "--file", WriteFile("2028-01-01,nghỉ,Tết Dương lịch\n"));
        var badRow = await RunAsync("calendar", "set", "--year", "2027", "--file", WriteFile("2027-01-01,nghỉ,Tết\n2027-02-30,nghỉ,Không có ngày này\n"));

        Assert.Equal(1, outside.Exit);
        Assert.Contains("không thuộc năm 2027", outside.Error, StringComparison.Ordinal);
        Assert.Equal(1, badRow.Exit);
        Assert.Contains("Dòng 2, cột 1", badRow.Error, StringComparison.Ordinal);
        await using var app = BuildApp();
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<IsoDbContext>().CalendarYears.AnyAsync(y => y.Year == 2027, TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task<Guid> StartCaseAsync(DateTimeOffset received)
    {
        await using var app = BuildApp();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var agencyId = await db.Agencies.Where(a => a.Code == "STP").Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken);
        var result = await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>()
            .StartCaseAsync(new StartCaseCommand(agencyId, "tthc-mot-cap", ReceivedAt: received, Reference: "HS-LICH"), TestContext.Current.CancellationToken);
        return result.CaseId;
    }

    private async Task<DateTimeOffset?> CaseDueAsync(Guid caseId)
    {
        await using var app = BuildApp();
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IWorkflowStore>().FindCaseAsync(caseId, TestContext.Current.CancellationToken))!.DueAt?.ToOffset(Vietnam);
    }

    private WebApplication BuildApp() =>
        new CliInvocation([$"--Iso:DataDirectory={_dataDirectory}"], TextWriter.Null, TextWriter.Null).BuildApplication(CalendarVerbs.AddCalendarServices);

    private string WriteFile(string content)
    {
        Directory.CreateDirectory(_dataDirectory);
        var path = Path.Combine(_dataDirectory, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await IsoCommandLine.RunAsync([.. args, $"--Iso:DataDirectory={_dataDirectory}"], _ => Task.FromResult(-1), output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
