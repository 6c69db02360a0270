using Iso.Data.Cases;
using Iso.Data.Workflows.Sql;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Iso.Data.Tests.Cases;

/// <summary>The statistics triggers (ADR 0030) keep the aggregates equal to a rebuild from the raw rows, on both
/// providers, whatever writes: the bulk writer (SQLite prepared statements, PostgreSQL binary COPY — with two issued
/// apologies of one case in the same COPY), then row updates as the engine and the services make them (completion
/// late, apology issued, un-issued and deleted, cancel, a case moved to another agency, a task's working minutes filled
/// in, a case deleted).</summary>
public sealed class CaseStatisticsTriggerTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Triggers_KeepTheAggregates_EqualToARebuildFromTheRawRows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var agency = Guid.NewGuid();
        var other = Guid.NewGuid();
        var rows = new CaseRows();
        // Received at 23:30 local on 31/08: the local day is 31/08 although the UTC day is the same, and at 00:30 local on
        // 01/09, whose UTC day is 31/08 — the local day decides.
        var onTime = Case(rows, agency, new DateTimeOffset(2026, 8, 31, 23, 30, 0, Vietnam), CaseStatus.Completed, dueHours: 48, doneHours: 24);
        var late = Case(rows, agency, new DateTimeOffset(2026, 9, 1, 0, 30, 0, Vietnam), CaseStatus.Completed, dueHours: 24, doneHours: 48);
        var lateTwoApologies = Case(rows, agency, new DateTimeOffset(2026, 9, 1, 9, 0, 0, Vietnam), CaseStatus.Completed, dueHours: 24, doneHours: 30);
        var running = Case(rows, agency, new DateTimeOffset(2026, 9, 2, 9, 0, 0, Vietnam), CaseStatus.Running, dueHours: 24, doneHours: null);
        var runningLater = Case(rows, other, new DateTimeOffset(2026, 9, 2, 10, 0, 0, Vietnam), CaseStatus.Running, dueHours: 24, doneHours: null);
        Apology(rows, lateTwoApologies, issued: true);
        Apology(rows, lateTwoApologies, issued: true);
        Apology(rows, late, issued: false);
        foreach (var c in rows.Cases.ToList())
        {
            Task(rows, c, "receive", hours: 2, completed: true, dueHours: 4, minutes: 120);
            Task(rows, c, "examine", hours: 30, completed: c.Status == CaseStatus.Completed, dueHours: 16, minutes: 480);
            Task(rows, c, "approve", hours: 1, completed: false, dueHours: 8, minutes: null);
        }

        await using (var writer = BulkCaseWriter.Open(database.Services))
        {
            await writer.WriteAsync(rows, Ct);
        }

        await AssertEqualToRebuildAsync(database);
        await using (var db = database.CreateContext())
        {
            var days = await db.Set<CaseStatisticsDay>().AsNoTracking().Where(d => d.AgencyId == agency).ToListAsync(Ct);
            var august31 = new DateOnly(2026, 8, 31).DayNumber;
            var september1 = new DateOnly(2026, 9, 1).DayNumber;
            Assert.Equal((1, 1, 0, 0), Figures(days.Single(d => d.Day == august31)));
            // Two issued apologies of one case in the same write count the case once.
            Assert.Equal((2, 2, 2, 1), Figures(days.Single(d => d.Day == september1)));
            var steps = await db.Set<StepStatisticsDay>().AsNoTracking().Where(d => d.AgencyId == agency && d.NodeId == "receive").ToListAsync(Ct);
            Assert.Equal(4, steps.Sum(s => s.Completed));
            Assert.Equal(4 * 120, steps.Sum(s => s.WorkingMinutes));
        }

        // Changes as the engine and the services write them.
        await using (var db = database.CreateContext())
        {
            var cases = db.Set<WorkflowCaseRecord>();
            var r = await cases.SingleAsync(c => c.Id == running.Id, Ct);
            r.Status = CaseStatus.Completed;
            r.CompletedAt = r.DueAt!.Value.AddHours(5);
            var apologies = await db.Set<WorkflowApologyRecord>().Where(a => a.CaseId == lateTwoApologies.Id).ToListAsync(Ct);
            db.Remove(apologies[0]);
            var draft = await db.Set<WorkflowApologyRecord>().SingleAsync(a => a.CaseId == late.Id, Ct);
            draft.IssuedAt = late.CompletedAt;
            var moved = await cases.SingleAsync(c => c.Id == runningLater.Id, Ct);
            moved.AgencyId = agency;
            var task = await db.Set<WorkflowTaskRecord>().FirstAsync(t => t.CaseId == running.Id && t.NodeId == "approve", Ct);
            task.Status = WorkflowTaskStatus.Completed;
            task.CompletedAt = task.CreatedAt.AddHours(3);
            await db.SaveChangesAsync(Ct);
        }

        await AssertEqualToRebuildAsync(database);
        await using (var db = database.CreateContext())
        {
            Assert.Equal(2, await db.Set<CaseStatisticsDay>().Where(d => d.AgencyId == agency).SumAsync(d => d.ResolvedLateWithApology, Ct));
            var apologies = await db.Set<WorkflowApologyRecord>().Where(a => a.CaseId == lateTwoApologies.Id).ToListAsync(Ct);
            db.Remove(Assert.Single(apologies));
            var draft = await db.Set<WorkflowApologyRecord>().SingleAsync(a => a.CaseId == late.Id, Ct);
            draft.IssuedAt = null;
            var cancelled = await db.Set<WorkflowCaseRecord>().SingleAsync(c => c.Id == runningLater.Id, Ct);
            cancelled.Status = CaseStatus.Cancelled;
            cancelled.CompletedAt = cancelled.ReceivedAt.AddHours(1);
            var task = await db.Set<WorkflowTaskRecord>().FirstAsync(t => t.CaseId == onTime.Id && t.NodeId == "receive", Ct);
            task.WorkingMinutes = null;
            await db.SaveChangesAsync(Ct);
        }

        await AssertEqualToRebuildAsync(database);
        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.Set<CaseStatisticsDay>().Where(d => d.AgencyId == agency).SumAsync(d => d.ResolvedLateWithApology, Ct));
            await db.Set<WorkflowTaskRecord>().Where(t => t.CaseId == onTime.Id).ExecuteDeleteAsync(Ct);
            await db.Set<WorkflowApologyRecord>().Where(a => a.CaseId == onTime.Id).ExecuteDeleteAsync(Ct);
            await db.Set<WorkflowJournalEntry>().Where(a => a.CaseId == onTime.Id).ExecuteDeleteAsync(Ct);
            await db.Set<WorkflowCaseRecord>().Where(c => c.Id == onTime.Id).ExecuteDeleteAsync(Ct);
        }

        await AssertEqualToRebuildAsync(database);
    }

    /// <summary>Each aggregate has its own rebuild: the step one (run after the upgrade's fill) leaves the case one alone,
    /// and together they are <see cref="CaseStatisticsSql.RebuildStatements"/>.</summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task CaseAndStepRebuilds_EachRecomputeTheirOwnAggregate(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var rows = new CaseRows();
        var c = Case(rows, Guid.NewGuid(), new DateTimeOffset(2026, 9, 1, 9, 0, 0, Vietnam), CaseStatus.Completed, dueHours: 24, doneHours: 30);
        Task(rows, c, "receive", hours: 2, completed: true, dueHours: 4, minutes: 120);
        await using (var writer = BulkCaseWriter.Open(database.Services))
        {
            await writer.WriteAsync(rows, Ct);
        }

        await using var db = database.CreateContext();
        var expected = await SnapshotAsync(db);
        Assert.Single(expected.Cases);
        Assert.Single(expected.Steps);
        Assert.Equal(CaseStatisticsSql.RebuildStatements(provider),
            [.. CaseStatisticsSql.CaseRebuildStatements(provider), .. CaseStatisticsSql.StepRebuildStatements(provider)]);

        await db.Set<CaseStatisticsDay>().ExecuteDeleteAsync(Ct);
        await db.Set<StepStatisticsDay>().ExecuteDeleteAsync(Ct);
        foreach (var sql in CaseStatisticsSql.StepRebuildStatements(provider))
        {
            await db.Database.ExecuteSqlRawAsync(sql, Ct);
        }

        var steps = await SnapshotAsync(db);
        Assert.Empty(steps.Cases);
        Assert.Equal(expected.Steps, steps.Steps);
        foreach (var sql in CaseStatisticsSql.CaseRebuildStatements(provider))
        {
            await db.Database.ExecuteSqlRawAsync(sql, Ct);
        }

        var both = await SnapshotAsync(db);
        Assert.Equal(expected.Cases, both.Cases);
        Assert.Equal(expected.Steps, both.Steps);
    }

    /// <summary>On PostgreSQL the task triggers run at COMMIT (<see cref="CaseStatisticsSql.DeferStepTriggers"/>): two open
    /// transactions completing tasks of the same step on the same day (so the same <c>StepStatisticsDaily</c> row) do not
    /// wait for each other — the second commits while the first is still open — and both completions are counted. Run at
    /// the statement, the second would wait for the first's row lock until its lock timeout.</summary>
    [Fact]
    public async Task PostgreSql_CompletionsOfOneStep_InTwoOpenTransactions_DoNotWaitForEachOther()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var rows = new CaseRows();
        var agency = Guid.NewGuid();
        var received = new DateTimeOffset(2026, 9, 1, 9, 0, 0, Vietnam);
        var first = Case(rows, agency, received, CaseStatus.Running, dueHours: 24, doneHours: null);
        var second = Case(rows, agency, received, CaseStatus.Running, dueHours: 24, doneHours: null);
        // One step already counted that day, so the row exists (an update of it) as it does on a busy day.
        var counted = Case(rows, agency, received, CaseStatus.Running, dueHours: 24, doneHours: null);
        Task(rows, first, "examine", hours: 2, completed: false, dueHours: 8, minutes: null);
        Task(rows, second, "examine", hours: 2, completed: false, dueHours: 8, minutes: null);
        Task(rows, counted, "examine", hours: 2, completed: true, dueHours: 8, minutes: 120);
        await using (var writer = BulkCaseWriter.Open(database.Services))
        {
            await writer.WriteAsync(rows, Ct);
        }

        var done = received.AddHours(3);
        await using var a = database.CreateContext();
        await using var b = database.CreateContext();
        await using var ta = await a.Database.BeginTransactionAsync(Ct);
        Assert.Equal(1, await a.Set<WorkflowTaskRecord>().Where(t => t.CaseId == first.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, WorkflowTaskStatus.Completed).SetProperty(t => t.CompletedAt, done).SetProperty(t => t.WorkingMinutes, 180), Ct));
        await using (var tb = await b.Database.BeginTransactionAsync(Ct))
        {
            await b.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '10s'", Ct);
            Assert.Equal(1, await b.Set<WorkflowTaskRecord>().Where(t => t.CaseId == second.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, WorkflowTaskStatus.Completed).SetProperty(t => t.CompletedAt, done).SetProperty(t => t.WorkingMinutes, 180), Ct));
            await tb.CommitAsync(Ct);
        }

        await ta.CommitAsync(Ct);
        await AssertEqualToRebuildAsync(database);
        await using var db = database.CreateContext();
        var step = await db.Set<StepStatisticsDay>().AsNoTracking().SingleAsync(d => d.AgencyId == agency && d.NodeId == "examine", Ct);
        Assert.Equal((3, 3, 120 + 180 + 180), (step.Completed, step.Timed, step.WorkingMinutes));
    }

    /// <summary>The migration that defers the step triggers undoes itself: migrated down the triggers run at the statement
    /// again, migrated up they are deferred.</summary>
    [Fact]
    public async Task PostgreSql_DeferredStepStatistics_MigratesDownAndUp()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var db = database.CreateContext();
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var deferring = migrations.Single(m => m.EndsWith("_DeferredStepStatistics", StringComparison.Ordinal));
        Assert.Equal((true, true), await DeferredAsync(db));

        await migrator.MigrateAsync(migrations[migrations.IndexOf(deferring) - 1], Ct);
        Assert.Equal((false, false), await DeferredAsync(db));

        await migrator.MigrateAsync(deferring, Ct);
        Assert.Equal((true, true), await DeferredAsync(db));

        static async Task<(bool Insert, bool Update)> DeferredAsync(IsoDbContext db)
        {
            var deferred = await db.Database.SqlQueryRaw<string>(
                """SELECT tgname AS "Value" FROM pg_trigger WHERE tgname LIKE 'TR_WorkflowTasks_Statistics_%' AND tgdeferrable AND tginitdeferred""")
                .ToListAsync(Ct);
            return (deferred.Contains("TR_WorkflowTasks_Statistics_Insert"), deferred.Contains("TR_WorkflowTasks_Statistics_Update"));
        }
    }

    private static (int, int, int, int) Figures(CaseStatisticsDay d) => (d.Received, d.Resolved, d.ResolvedLate, d.ResolvedLateWithApology);

    /// <summary>The aggregates as the triggers left them equal those recomputed from the raw rows (rows of zeros left by
    /// subtractions aside).</summary>
    private static async Task AssertEqualToRebuildAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var (cases, steps) = await SnapshotAsync(db);
        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            foreach (var sql in CaseStatisticsSql.RebuildStatements(db.Provider))
            {
                await db.Database.ExecuteSqlRawAsync(sql, Ct);
            }

            await transaction.CommitAsync(Ct);
        }

        var (rebuiltCases, rebuiltSteps) = await SnapshotAsync(db);
        Assert.Equal(rebuiltCases, cases);
        Assert.Equal(rebuiltSteps, steps);
    }

    private static async Task<(List<string> Cases, List<string> Steps)> SnapshotAsync(IsoDbContext db)
    {
        var cases = (await db.Set<CaseStatisticsDay>().AsNoTracking().ToListAsync(Ct))
            .Where(d => d.Received != 0 || d.Resolved != 0 || d.ResolvedLate != 0 || d.ResolvedLateWithApology != 0)
            .Select(d => $"{d.AgencyId}|{d.Day}|{d.DefinitionKey}|{d.Received}|{d.Resolved}|{d.ResolvedLate}|{d.ResolvedLateWithApology}")
            .Order(StringComparer.Ordinal).ToList();
        var steps = (await db.Set<StepStatisticsDay>().AsNoTracking().ToListAsync(Ct))
            .Where(d => d.Completed != 0 || d.CompletedLate != 0 || d.Timed != 0 || d.WorkingMinutes != 0)
            .Select(d => $"{d.AgencyId}|{d.Day}|{d.DefinitionKey}|{d.NodeId}|{d.Completed}|{d.CompletedLate}|{d.Timed}|{d.WorkingMinutes}")
            .Order(StringComparer.Ordinal).ToList();
        return (cases, steps);
    }

    private static WorkflowCaseRecord Case(CaseRows rows, Guid agency, DateTimeOffset received, CaseStatus status, int dueHours, int? doneHours)
    {
        var record = new WorkflowCaseRecord
        {
            Id = Guid.CreateVersion7(), AgencyId = agency, DefinitionId = Guid.NewGuid(), DefinitionKey = "tthc-thu", DefinitionVersion = 1,
            Status = status, ReceivedAt = received, CountedFrom = received, DueAt = received.AddHours(dueHours), StartedAt = received,
            CompletedAt = doneHours is { } h ? received.AddHours(h) : null, VariablesJson = "{}", Version = 1,
        };
        rows.Cases.Add(record);
        return record;
    }

    private static void Apology(CaseRows rows, WorkflowCaseRecord c, bool issued) =>
        rows.Apologies.Add(new WorkflowApologyRecord
        {
            Id = Guid.CreateVersion7(), AgencyId = c.AgencyId, CaseId = c.Id, DraftedAt = c.DueAt!.Value, IssuedAt = issued ? c.DueAt.Value.AddHours(1) : null,
            NewAppointmentAt = c.DueAt.Value.AddDays(3), OriginalDueAt = c.DueAt, Reason = "Cần xác minh thêm",
        });

    private static void Task(CaseRows rows, WorkflowCaseRecord c, string node, int hours, bool completed, int dueHours, int? minutes)
    {
        var created = c.ReceivedAt.AddHours(rows.Tasks.Count(t => t.CaseId == c.Id));
        rows.Tasks.Add(new WorkflowTaskRecord
        {
            Id = Guid.CreateVersion7(), CaseId = c.Id, AgencyId = c.AgencyId, DefinitionKey = c.DefinitionKey, NodeId = node, Title = node,
            CandidateRole = "Staff", Scope = string.Empty, CreatedAt = created, DueAt = created.AddHours(dueHours),
            Status = completed ? WorkflowTaskStatus.Completed : WorkflowTaskStatus.Open,
            CompletedAt = completed ? created.AddHours(hours) : null, WorkingMinutes = completed ? minutes : null,
        });
    }
}
