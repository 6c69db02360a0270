using Iso.Data.Cases;
using Iso.Data.Workflows.Sql;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Tests.Workflows.Sql;

/// <summary>The bulk writer (ADR 0027: prepared statements on SQLite, binary COPY on PostgreSQL) stores each case's
/// reception at the desk in the same transaction as the case: all of a batch, or none of it.</summary>
public sealed class BulkCaseWriterReceptionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Receptions_AreStoredWithTheirCases_AndABatchThatFailsStoresNeither(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var agency = Guid.NewGuid();
        var clerk = Guid.NewGuid();
        var rows = new CaseRows();
        var first = Case(rows, agency, "000.00.03.H17-261201-0001");
        var second = Case(rows, agency, "000.00.03.H17-261201-0002");
        rows.Receptions.Add(Reception(first, clerk, "Nguyễn Thị Hạnh"));
        rows.Receptions.Add(Reception(second, clerk, "K'Linh"));

        await using (var writer = BulkCaseWriter.Open(database.Services))
        {
            await writer.WriteAsync(rows, Ct);
        }

        await using (var db = database.CreateContext())
        {
            var stored = await db.CaseReceptions.AsNoTracking().OrderBy(r => r.ApplicantName).ToListAsync(Ct);
            Assert.Equal(["K'Linh", "Nguyễn Thị Hạnh"], stored.Select(r => r.ApplicantName));
            var hanh = stored.Single(r => r.CaseId == first.Id);
            Assert.Equal((agency, clerk, "079301000123", "0912345678", "Số 12 đường Lê Duẩn, phường Nam Gia Nghĩa, tỉnh Lâm Đồng", "TT03-2025"),
                (hanh.AgencyId, hanh.ReceivedById, hanh.ApplicantIdNumber, hanh.ApplicantPhone, hanh.ApplicantAddress, hanh.FormVersion));
            Assert.Equal("""[{"name":"Tờ khai","copies":1}]""", hanh.DocumentsJson);
        }

        // The same reception twice in one batch: the batch's case is not stored either.
        var failing = new CaseRows();
        var third = Case(failing, agency, "000.00.03.H17-261201-0003");
        failing.Receptions.Add(Reception(third, clerk, "Trần Văn An"));
        failing.Receptions.Add(Reception(third, clerk, "Trần Văn An"));
        await using (var writer = BulkCaseWriter.Open(database.Services))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => writer.WriteAsync(failing, Ct));
        }

        await using (var db = database.CreateContext())
        {
            Assert.False(await db.Set<WorkflowCaseRecord>().AnyAsync(c => c.Id == third.Id, Ct));
            Assert.Equal(2, await db.CaseReceptions.CountAsync(Ct));
        }
    }

    private static WorkflowCaseRecord Case(CaseRows rows, Guid agency, string code)
    {
        var received = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));
        var record = new WorkflowCaseRecord
        {
            Id = Guid.CreateVersion7(), AgencyId = agency, DefinitionId = Guid.NewGuid(), DefinitionKey = "tthc-thu", DefinitionVersion = 1,
            Status = CaseStatus.Running, ReceivedAt = received, CountedFrom = received, DueAt = received.AddDays(3), StartedAt = received,
            VariablesJson = "{}", Version = 1, Code = code, Reference = code,
        };
        rows.Cases.Add(record);
        return record;
    }

    private static CaseReception Reception(WorkflowCaseRecord c, Guid clerk, string name) => new()
    {
        CaseId = c.Id,
        AgencyId = c.AgencyId,
        ApplicantName = name,
        ApplicantIdNumber = "079301000123",
        ApplicantPhone = "0912345678",
        ApplicantAddress = "Số 12 đường Lê Duẩn, phường Nam Gia Nghĩa, tỉnh Lâm Đồng",
        DocumentsJson = """[{"name":"Tờ khai","copies":1}]""",
        FormVersion = "TT03-2025",
        ReceivedById = clerk,
    };
}
