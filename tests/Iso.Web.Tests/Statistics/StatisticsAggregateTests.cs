using Iso.Data;
using Iso.Data.Cases;
using Iso.Web.Statistics;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Iso.Web.Tests.Statistics;

/// <summary>The statistics read from the pre-aggregated days (ADR 0030) against a straightforward computation over the
/// raw rows of the cases of <see cref="StatisticsWorld"/> played through the engine (on time across the National Day
/// holiday, late, late with an issued apology, in progress, overdue in progress, then a cancel), a rebuild, the upgrade
/// of a database from before the migration, and working (not clock) hours per step.</summary>
public sealed class StatisticsAggregateTests(StatisticsFactory factory) : IClassFixture<StatisticsFactory>
{
    private static readonly DateOnly From = new(2026, 8, 1);

    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Report_EqualsTheRawComputation_ThroughACancel_AndARebuild()
    {
        var world = await factory.WorldAsync();
        var report = await ReportAsync(world);
        // The hand count (as GetStatisticsTests): 7 received, 5 resolved, 3 on time, 2 late, 2 in progress, 1 overdue, 1 late with an apology.
        Assert.Equal((7, 5, 3, 2, 2, 1, 3, 1), Figures(report.Total));
        await AssertEqualsRawAsync(world, report);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var cancelled = await scope.Get<IWorkflowRuntime>().CancelCaseAsync(
                new CancelCaseCommand(world.G.Id, new WorkflowActor(Guid.NewGuid(), ["Administrator"], []), "Công dân rút hồ sơ"), Ct);
            Assert.NotNull(cancelled);
        }

        report = await ReportAsync(world);
        // A cancelled case stays received, is neither resolved nor in progress.
        Assert.Equal((7, 5, 3, 2, 1, 1, 3, 1), Figures(report.Total));
        await AssertEqualsRawAsync(world, report);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.Get<IsoDbContext>();
            await db.Set<CaseStatisticsDay>().ExecuteDeleteAsync(Ct);
            await db.Set<StepStatisticsDay>().ExecuteDeleteAsync(Ct);
            Assert.Equal(0, (await ReportAsync(world)).Total.Resolved);
            await CaseStatisticsMaintenance.RebuildAsync(db, scope.Get<IWorkingCalendar>(), NullLogger.Instance, Ct);
        }

        var rebuilt = await ReportAsync(world);
        Assert.Equal(report.Total, rebuilt.Total);
        Assert.Equal(report.Rows, rebuilt.Rows);
        Assert.Equal(report.Steps, rebuilt.Steps);
    }

    [Fact]
    public async Task AStepOverAWeekendAndAHoliday_CountsItsWorkingHours_NotItsClockHours()
    {
        var world = await factory.WorldAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.Get<IsoDbContext>();
        var calendar = scope.Get<IWorkingCalendar>();
        var tasks = await db.Set<WorkflowTaskRecord>().AsNoTracking()
            .Where(t => t.CaseId == world.A.Id && t.Status == WorkflowTaskStatus.Completed).ToListAsync(Ct);
        Assert.NotEmpty(tasks);
        Assert.All(tasks, t => Assert.Equal(WorkflowRuntime.WorkingMinutesOf(calendar, t.CreatedAt, t.CompletedAt!.Value), t.WorkingMinutes));

        // A was received on Friday 28/08 and a step ran over the weekend and the National Day holiday (29/08–02/09).
        var spanning = tasks.MaxBy(t => t.CompletedAt!.Value - t.CreatedAt)!;
        var clockHours = (spanning.CompletedAt!.Value - spanning.CreatedAt).TotalHours;
        Assert.True(clockHours > 72, $"{spanning.NodeId}: {clockHours:N1} clock hours");
        Assert.True(spanning.WorkingMinutes!.Value / 60.0 < clockHours / 3, $"{spanning.NodeId}: {spanning.WorkingMinutes} working minutes");

        // The report's average for that step on that day is the working time, not the clock time.
        var day = DateOnly.FromDateTime(spanning.CreatedAt.ToOffset(Vietnam).DateTime);
        var sameDay = (await db.Set<WorkflowTaskRecord>().AsNoTracking()
                .Where(t => t.AgencyId == world.AgencyId && t.NodeId == spanning.NodeId && t.Status == WorkflowTaskStatus.Completed).ToListAsync(Ct))
            .Where(t => DateOnly.FromDateTime(t.CreatedAt.ToOffset(Vietnam).DateTime) == day).ToList();
        var report = await ReportAsync(world, day, day);
        var step = report.Steps.Single(s => s.Step == spanning.NodeId);
        Assert.Equal(sameDay.Count, step.Completed);
        var working = sameDay.Average(t => (double)calendar.WorkingTimeBetween(t.CreatedAt, t.CompletedAt!.Value).Hours);
        var clock = sameDay.Average(t => (t.CompletedAt!.Value - t.CreatedAt).TotalHours);
        Assert.Equal(working, (double)step.AverageHours, 0.02);
        Assert.True(working < clock / 2, $"{working:N2} working hours against {clock:N2} clock hours");
    }

    [Fact]
    public async Task ADatabaseFromBeforeTheMigration_HasTheSameFigures_AfterMigratingAndTheInitializersFill()
    {
        await factory.WorldAsync();
        var source = Directory.GetFiles(factory.DataDirectory, "*.db").Single();
        var copy = Path.Combine(factory.DataDirectory, $"upgrade-{Guid.NewGuid():N}.db");
        await using (var connection = new SqliteConnection($"Data Source={source};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"VACUUM INTO '{copy.Replace("'", "''", StringComparison.Ordinal)}'";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var options = new DbContextOptionsBuilder<SqliteIsoDbContext>().UseSqlite($"Data Source={copy};Pooling=False").Options;
        await using var db = new SqliteIsoDbContext(options);
        var (expectedCases, expectedSteps) = await SnapshotAsync(db);
        Assert.NotEmpty(expectedCases);
        Assert.NotEmpty(expectedSteps);

        // Back to the schema before (no aggregates, no working minutes), the cases and tasks still there.
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(PreviousMigration(db), Ct);
        Assert.DoesNotContain(await db.Database.SqlQueryRaw<string>("""SELECT "name" AS "Value" FROM pragma_table_info('WorkflowTasks')""").ToListAsync(Ct), c => c == "WorkingMinutes");
        Assert.True(await db.Set<WorkflowCaseRecord>().CountAsync(Ct) >= 8);

        // The upgrade: the migration fills the counts, the initializer's step the working minutes (the triggers add them).
        await db.Database.MigrateAsync(Ct);
        var (migratedCases, migratedSteps) = await SnapshotAsync(db);
        Assert.Equal(expectedCases, migratedCases);
        Assert.All(await db.Set<StepStatisticsDay>().AsNoTracking().ToListAsync(Ct), s => Assert.Equal(0, s.Timed));
        await using var scope = factory.Services.CreateAsyncScope();
        var calendar = scope.Get<IWorkingCalendar>();
        var filled = await CaseStatisticsMaintenance.FillWorkingMinutesAsync(db, calendar, NullLogger.Instance, Ct);
        Assert.Equal(await db.Set<WorkflowTaskRecord>().CountAsync(t => t.Status == WorkflowTaskStatus.Completed, Ct), filled);

        var (_, filledSteps) = await SnapshotAsync(db);
        Assert.Equal(expectedSteps, filledSteps);
        Assert.Equal(0, await CaseStatisticsMaintenance.FillWorkingMinutesAsync(db, calendar, NullLogger.Instance, Ct));
    }

    private static string PreviousMigration(DbContext db)
    {
        var all = db.Database.GetMigrations().ToList();
        var index = all.FindIndex(m => m.EndsWith("_CaseStatisticsDaily", StringComparison.Ordinal));
        Assert.True(index > 0);
        return all[index - 1];
    }

    private static async Task<(List<string> Cases, List<string> Steps)> SnapshotAsync(IsoDbContext db)
    {
        var cases = (await db.Set<CaseStatisticsDay>().AsNoTracking().ToListAsync(Ct))
            .Where(d => d.Received != 0)
            .Select(d => $"{d.AgencyId}|{d.Day}|{d.DefinitionKey}|{d.Received}|{d.Resolved}|{d.ResolvedLate}|{d.ResolvedLateWithApology}")
            .Order(StringComparer.Ordinal).ToList();
        var steps = (await db.Set<StepStatisticsDay>().AsNoTracking().ToListAsync(Ct))
            .Where(d => d.Completed != 0)
            .Select(d => $"{d.AgencyId}|{d.Day}|{d.DefinitionKey}|{d.NodeId}|{d.Completed}|{d.CompletedLate}|{d.Timed}|{d.WorkingMinutes}")
            .Order(StringComparer.Ordinal).ToList();
        return (cases, steps);
    }

    private static (int, int, int, int, int, int, int, int) Figures(StatisticsRow r) =>
        (r.Received, r.Resolved, r.ResolvedOnTime, r.ResolvedLate, r.InProgress, r.InProgressOverdue, r.Late, r.LateWithApology);

    private async Task<StatisticsReport> ReportAsync(StatisticsWorld world, DateOnly? from = null, DateOnly? to = null, string by = GetStatistics.ByMonth)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.Get<GetStatistics>().HandleAsync(
            await scope.ServiceProvider.CallerAsync(world.Clerk), new StatisticsRequest(From: from ?? From, To: to, By: by), Ct);
        Assert.True(result.Succeeded, result.Problem?.ToString());
        return result.Value;
    }

    /// <summary>The figures computed row by row from the raw cases, apologies and tasks of the world's agency (the
    /// working hours with the calendar, independently of the stored minutes), by month and per step.</summary>
    private async Task AssertEqualsRawAsync(StatisticsWorld world, StatisticsReport report)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.Get<IsoDbContext>();
        var calendar = scope.Get<IWorkingCalendar>();
        var now = DateTimeOffset.UtcNow;
        DateOnly Local(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Vietnam).DateTime);
        var cases = (await db.Set<WorkflowCaseRecord>().AsNoTracking().Where(c => c.AgencyId == world.AgencyId).ToListAsync(Ct))
            .Where(c => Local(c.ReceivedAt) >= report.From && Local(c.ReceivedAt) <= report.To).ToList();
        var issued = (await db.Set<WorkflowApologyRecord>().AsNoTracking().Where(a => a.IssuedAt != null).Select(a => a.CaseId).ToListAsync(Ct)).ToHashSet();
        foreach (var month in cases.GroupBy(c => Local(c.ReceivedAt).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).Append(null))
        {
            var set = month?.ToList() ?? cases;
            var resolved = set.Count(c => c.Status == CaseStatus.Completed);
            var resolvedLate = set.Count(c => c.Status == CaseStatus.Completed && c.DueAt != null && c.CompletedAt > c.DueAt);
            var inProgress = set.Count(c => c.Status == CaseStatus.Running);
            var overdue = set.Count(c => c.Status == CaseStatus.Running && c.DueAt < now);
            var withApology = set.Count(c => issued.Contains(c.Id)
                && ((c.Status == CaseStatus.Completed && c.DueAt != null && c.CompletedAt > c.DueAt) || (c.Status == CaseStatus.Running && c.DueAt < now)));
            var row = month is null ? report.Total : report.Rows.Single(r => r.Key == month.Key);
            Assert.Equal((set.Count, resolved, resolved - resolvedLate, resolvedLate, inProgress, overdue, resolvedLate + overdue, withApology), Figures(row));
        }

        var tasks = (await db.Set<WorkflowTaskRecord>().AsNoTracking()
                .Where(t => t.AgencyId == world.AgencyId && t.Status == WorkflowTaskStatus.Completed).ToListAsync(Ct))
            .Where(t => Local(t.CreatedAt) >= report.From && Local(t.CreatedAt) <= report.To).ToList();
        var steps = tasks.GroupBy(t => (t.DefinitionKey, t.NodeId)).ToList();
        Assert.Equal(steps.Count, report.Steps.Count);
        foreach (var step in steps)
        {
            var figures = report.Steps.Single(s => s.Procedure == step.Key.DefinitionKey && s.Step == step.Key.NodeId);
            Assert.Equal(step.Count(), figures.Completed);
            Assert.Equal(step.Count(t => t.DueAt != null && t.CompletedAt > t.DueAt), figures.CompletedLate);
            var hours = step.Average(t => (double)calendar.WorkingTimeBetween(t.CreatedAt, t.CompletedAt!.Value).Hours);
            Assert.Equal(hours, (double)figures.AverageHours, 0.02);
        }
    }
}
