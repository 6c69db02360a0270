using System.Text.RegularExpressions;
using Iso.Data.Workflows.Sql;
using Iso.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Tests.Workflows.Sql;

/// <summary>Guards the index SQLite picks for the statements run on every request of issue 12's load. Without table
/// statistics SQLite ranks indexes by their equalities; a plan that walks every pending timer, or every open task of an
/// agency, still answers correctly, just hundreds of times slower at a million cases, so only the plan shows it.</summary>
public sealed partial class SqliteQueryPlanTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(nameof(Statement.SelectCase), "sqlite_autoindex_WorkflowCases_1")]
    [InlineData(nameof(Statement.SelectTasksOfCase), "IX_WorkflowTasks_Case")]
    [InlineData(nameof(Statement.SelectPendingTimersOfCase), "IX_WorkflowTimers_Case")]
    [InlineData(nameof(Statement.SelectTimer), "sqlite_autoindex_WorkflowTimers_1")]
    [InlineData(nameof(Statement.SelectCaseOfTask), "sqlite_autoindex_WorkflowTasks_1")]
    public async Task TheEnginesReads_SeekByTheirKey(string statement, string index)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.CreateContext();
        var plan = await PlanAsync(db, WorkflowTables.For(db.Model).SqlOf(Enum.Parse<Statement>(statement)));

        Assert.Contains("SEARCH", plan, StringComparison.Ordinal);
        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyOpenTasks_AreReadFromTheAssigneeIndexAlone_InTheirOrder()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.CreateContext();
        var agency = Guid.NewGuid();
        var me = Guid.NewGuid();
        // The shape of GetInbox's "mine" page (src/Iso.Web/Cases/GetInbox.cs) and of its count.
        var mine = db.Set<WorkflowTaskRecord>().AsNoTracking()
            .Where(t => t.AgencyId == agency && t.Status == WorkflowTaskStatus.Open && t.AssigneeId == me);
        var page = mine.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip(0).Take(20).Select(t => t.Id);

        var pagePlan = await PlanAsync(db, page.ToQueryString());
        var countPlan = await PlanAsync(db, mine.Select(t => t.Id).ToQueryString().Replace("SELECT \"w\".\"Id\"", "SELECT COUNT(*)", StringComparison.Ordinal));

        Assert.Contains("COVERING INDEX IX_WorkflowTasks_Assignee (AssigneeId=? AND Status=? AND AgencyId=?)", pagePlan, StringComparison.Ordinal);
        Assert.Contains("COVERING INDEX IX_WorkflowTasks_Assignee (AssigneeId=? AND Status=? AND AgencyId=?)", countPlan, StringComparison.Ordinal);
    }

    /// <summary>EXPLAIN QUERY PLAN of a statement, its parameters bound to NULL (the plan does not depend on them).</summary>
    private static async Task<string> PlanAsync(IsoDbContext db, string sql)
    {
        // EF's ToQueryString prefixes SQLite's shell lines (".param set @p …"); the statement follows them.
        var statement = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        foreach (var name in Parameter().Matches(statement).Select(m => m.Value).Distinct())
        {
            command.Parameters.AddWithValue(name, DBNull.Value);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"@\w+")]
    private static partial Regex Parameter();
}
