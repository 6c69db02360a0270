using System.Globalization;
using System.Text.RegularExpressions;
using Iso.Data.Seeding;
using Iso.Web.Cli;
using Iso.Web.Statistics;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cli;

/// <summary><c>seed --cases N --bulk</c> (ADR 0027): batches played in memory by the real engine and stored at once must
/// give what the engine path gives — every journal verifies, the planned mix, unique codes from the day sequences, and
/// statistics equal to a count by hand over the stored rows.</summary>
public sealed partial class BulkSeedCasesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BulkSeed_JournalsVerify_TheMixIsThePlannedOne_AndStatisticsEqualAHandCount()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "iso-cli-bulk-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var output = new StringWriter();
            string[] settings = [$"--Iso:DataDirectory={dataDirectory}", "--Iso:AllowDemoPasswords=true"];
            var seeded = await IsoCommandLine.RunAsync(
                ["seed", "--demo", "--cases", "300", "--bulk", "--batch", "120", "--random-seed", "5", .. settings], _ => Task.FromResult(1), output, TextWriter.Null);
            using var verifyOutput = new StringWriter();
            var verified = await IsoCommandLine.RunAsync(["verify", .. settings], _ => Task.FromResult(1), verifyOutput, TextWriter.Null);

            Assert.Equal(0, seeded);
            var summary = Summary().Match(output.ToString());
            Assert.True(summary.Success, output.ToString());
            int Printed(string group) => int.Parse(summary.Groups[group].Value, CultureInfo.InvariantCulture);
            var (onTime, late, withApology, inProgress) = (Printed("onTime"), Printed("late"), Printed("apology"), Printed("progress"));
            Assert.Equal(300, onTime + late + withApology + inProgress);
            // The planned mix: most on time, some late, most late ones with an apology, some in progress.
            Assert.InRange(onTime, 230, 285);
            Assert.True(withApology > late, $"{withApology} late with an apology, {late} without");
            Assert.InRange(inProgress, 3, 30);
            Assert.Equal(0, verified);
            Assert.Contains("Đã kiểm tra 300 hồ sơ", verifyOutput.ToString(), StringComparison.Ordinal);

            await using var connection = new SqliteConnection($"Data Source={Directory.GetFiles(dataDirectory, "*.db").Single()};Pooling=False");
            await connection.OpenAsync(Ct);
            var now = DateTimeOffset.UtcNow.UtcTicks;
            var counts = await RowAsync(connection, $"""
                SELECT COUNT(*), COUNT(DISTINCT "Code"),
                       SUM(CASE WHEN "Status" = 1 AND ("DueAt" IS NULL OR "CompletedAt" <= "DueAt") THEN 1 ELSE 0 END),
                       SUM(CASE WHEN "Status" = 1 AND "CompletedAt" > "DueAt" THEN 1 ELSE 0 END),
                       SUM(CASE WHEN "Status" = 0 THEN 1 ELSE 0 END),
                       SUM(CASE WHEN "JournalCount" >= 2 AND "JournalCheckpoint" IS NOT NULL THEN 1 ELSE 0 END),
                       (SELECT SUM("LastNumber") FROM "CaseCodeSequences"),
                       (SELECT COUNT(DISTINCT "CaseId") FROM "WorkflowApologies" WHERE "IssuedAt" IS NOT NULL),
                       (SELECT COUNT(*) FROM "WorkflowJournal"),
                       (SELECT SUM("JournalCount") FROM "WorkflowCases"),
                       (SELECT COUNT(*) FROM "WorkflowTasks" t JOIN "WorkflowCases" c ON c."Id" = t."CaseId" WHERE t."Status" = 0 AND c."Status" <> 0),
                       (SELECT COUNT(*) FROM "CaseReceptions" r JOIN "WorkflowCases" c ON c."Id" = r."CaseId" AND c."AgencyId" = r."AgencyId"
                        JOIN "AspNetUsers" u ON u."Id" = r."ReceivedById" AND u."AgencyId" = c."AgencyId"
                        JOIN "Units" x ON x."Id" = u."UnitId" AND x."Code" = 'MOT-CUA')
                FROM "WorkflowCases"
                """);
            Assert.Equal(300, counts[0]);
            Assert.Equal(300, counts[1]);
            // Codes come from the day sequences: every number taken is a stored case.
            Assert.Equal(300, counts[6]);
            Assert.Equal((long)onTime, counts[2]);
            Assert.Equal((long)(late + withApology), counts[3]);
            Assert.Equal((long)inProgress, counts[4]);
            Assert.Equal(300, counts[5]);
            Assert.Equal((long)withApology, counts[7]);
            Assert.Equal(counts[9], counts[8]);
            // A finished case has no open task left.
            Assert.Equal(0, counts[10]);
            // Each was received at its agency's one-stop desk, written in the same transactions as the cases.
            Assert.Equal(300, counts[11]);
            await using (var names = connection.CreateCommand())
            {
                names.CommandText = """SELECT c."Code", r."ApplicantName" FROM "CaseReceptions" r JOIN "WorkflowCases" c ON c."Id" = r."CaseId" LIMIT 20""";
                await using var reader = await names.ExecuteReaderAsync(Ct);
                while (await reader.ReadAsync(Ct))
                {
                    Assert.Equal(Iso.Web.Cases.Simulation.DemoApplicants.For(reader.GetString(0)).Name, reader.GetString(1));
                }
            }

            await using var app = new SeededApp(dataDirectory);
            await using var scope = app.Services.CreateAsyncScope();
            var statistics = scope.Get<GetStatistics>();
            var auditor = await scope.ServiceProvider.CallerAsync(DemoAccounts.Auditor.UserName);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var request = new StatisticsRequest(From: today.AddMonths(-13), To: today.AddDays(1), By: GetStatistics.ByMonth);
            var agencies = await AgenciesAsync(connection);
            Assert.True(agencies.Count >= 2);
            foreach (var agency in agencies.Append(null))
            {
                var report = await statistics.HandleAsync(auditor, request with { Agency = agency ?? GetStatistics.AllAgencies }, Ct);
                var hand = await HandCountAsync(connection, agency, now);
                var total = report.Value.Total;
                Assert.Equal<int>(hand, (int[])[total.Received, total.Resolved, total.ResolvedOnTime, total.ResolvedLate, total.InProgress, total.InProgressOverdue, total.LateWithApology]);
                Assert.Equal(total.Received, report.Value.Rows.Sum(r => r.Received));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"Đã tạo 300 hồ sơ .*: (?<onTime>\d+) đúng hạn, (?<late>\d+) trễ hạn không có thư xin lỗi, (?<apology>\d+) trễ hạn có thư xin lỗi, (?<progress>\d+) đang giải quyết")]
    private static partial Regex Summary();

    private static async Task<long[]> RowAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? 0 : reader.GetInt64(i))];
    }

    private static async Task<List<string?>> AgenciesAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT DISTINCT "AgencyId" FROM "WorkflowCases" ORDER BY 1""";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var agencies = new List<string?>();
        while (await reader.ReadAsync(Ct))
        {
            agencies.Add(reader.GetString(0));
        }

        return agencies;
    }

    /// <summary>Received, resolved, resolved on time, resolved late, in progress, in progress overdue, late with an issued
    /// apology — counted row by row over the stored cases (all received within the last year).</summary>
    private static async Task<int[]> HandCountAsync(SqliteConnection connection, string? agency, long now)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "Id", "Status", "DueAt", "CompletedAt",
                   EXISTS (SELECT 1 FROM "WorkflowApologies" a WHERE a."CaseId" = c."Id" AND a."IssuedAt" IS NOT NULL)
            FROM "WorkflowCases" c WHERE @agency IS NULL OR "AgencyId" = @agency
            """;
        command.Parameters.AddWithValue("@agency", (object?)agency ?? DBNull.Value);
        var figures = new int[7];
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            var status = reader.GetInt32(1);
            long? due = reader.IsDBNull(2) ? null : reader.GetInt64(2);
            long? completed = reader.IsDBNull(3) ? null : reader.GetInt64(3);
            var apology = reader.GetBoolean(4);
            figures[0]++;
            var resolvedLate = status == 1 && due is not null && completed > due;
            var overdue = status == 0 && due is not null && due < now;
            figures[1] += status == 1 ? 1 : 0;
            figures[2] += status == 1 && !resolvedLate ? 1 : 0;
            figures[3] += resolvedLate ? 1 : 0;
            figures[4] += status == 0 ? 1 : 0;
            figures[5] += overdue ? 1 : 0;
            figures[6] += (resolvedLate || overdue) && apology ? 1 : 0;
        }

        return figures;
    }

    /// <summary>The app over the seeded directory, its timer service off (nothing fires while the figures are read).</summary>
    private sealed class SeededApp(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Iso:DataDirectory", dataDirectory);
            builder.UseSetting("Iso:SeedDemoData", "false");
            builder.UseSetting("Iso:AllowDemoPasswords", "true");
            builder.UseSetting("Iso:Workflows:RunTimerService", "false");
        }
    }
}
