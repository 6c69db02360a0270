using Iso.Web.Cases.Simulation;
using Iso.Web.Cli;
using Microsoft.Data.Sqlite;

namespace Iso.Web.Tests.Cli;

/// <summary><c>seed --cases N</c>: N cases played through the engine, each with its code and its reception at the desk; a
/// second run adds N more.</summary>
public sealed class SeedCasesTests
{
    [Fact]
    public async Task SeedCases_AddsNCasesWithCodesThroughTheEngine_AndASecondRunAddsMore()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "iso-cli-cases-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var output = new StringWriter();
            string[] settings = [$"--Iso:DataDirectory={dataDirectory}", "--Iso:AllowDemoPasswords=true"];

            var first = await IsoCommandLine.RunAsync(["seed", "--demo", "--cases", "30", "--batch", "15", "--random-seed", "5", .. settings], _ => Task.FromResult(1), output, TextWriter.Null);
            // In Development, as a developer runs it: the host validates scopes there (a scoped service taken from the root
            // provider failed only in that environment).
            var second = await IsoCommandLine.RunAsync(["seed", "--cases", "10", "--random-seed", "6", "--environment=Development", .. settings], _ => Task.FromResult(1), output, TextWriter.Null);
            var bad = await IsoCommandLine.RunAsync(["seed", "--cases", "zero", .. settings], _ => Task.FromResult(1), TextWriter.Null, TextWriter.Null);

            Assert.Equal(0, first);
            Assert.Equal(0, second);
            Assert.Equal(IsoCommandLine.UsageErrorExitCode, bad);
            Assert.Contains("Đã tạo 30 hồ sơ", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("Đã tạo 10 hồ sơ", output.ToString(), StringComparison.Ordinal);
            await using var connection = new SqliteConnection($"Data Source={Directory.GetFiles(dataDirectory, "*.db").Single()}");
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT COUNT(*), COUNT(DISTINCT "Code"), SUM(CASE WHEN "JournalCount" >= 2 THEN 1 ELSE 0 END),
                       SUM(CASE WHEN "ReceivedAt" < "StartedAt" THEN 1 ELSE 0 END) FROM "WorkflowCases"
                """;
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            Assert.Equal(40, reader.GetInt32(0));
            Assert.Equal(40, reader.GetInt32(1));
            Assert.Equal(40, reader.GetInt32(2));
            // Started at the received moment of the past (the case's clock), not at the wall clock.
            Assert.Equal(0, reader.GetInt32(3));
            await reader.CloseAsync();

            // Each was received at the one-stop desk, in the same batches: the applicant of its code, the procedure's
            // documents, the clerk of the desk who did its intake.
            command.CommandText = """
                SELECT c."Code", r."ApplicantName", r."ApplicantIdNumber", r."DocumentsJson",
                       u."AgencyId" = c."AgencyId" AND r."AgencyId" = c."AgencyId"
                       AND EXISTS (SELECT 1 FROM "Units" x WHERE x."Id" = u."UnitId" AND x."Code" = 'MOT-CUA')
                FROM "WorkflowCases" c
                LEFT JOIN "CaseReceptions" r ON r."CaseId" = c."Id"
                LEFT JOIN "AspNetUsers" u ON u."Id" = r."ReceivedById"
                """;
            await using var receptions = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            var rows = 0;
            while (await receptions.ReadAsync(TestContext.Current.CancellationToken))
            {
                rows++;
                var code = receptions.GetString(0);
                Assert.False(receptions.IsDBNull(1), $"Case {code} has no reception.");
                Assert.Equal(DemoApplicants.For(code).Name, receptions.GetString(1));
                Assert.Equal(DemoApplicants.For(code).IdNumber, receptions.GetString(2));
                Assert.StartsWith("[{\"name\":", receptions.GetString(3), StringComparison.Ordinal);
                Assert.True(!receptions.IsDBNull(4) && receptions.GetBoolean(4), $"Case {code} was not received by a clerk of its agency's desk.");
            }

            Assert.Equal(40, rows);
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
}
