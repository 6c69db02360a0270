using Iso.Data.Workflows.Sql;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Tests.Workflows.Sql;

public sealed class SqliteCaseDatabaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReturnedReader_IsReused_AndIdleReadersBeyondTheLimitAreClosed()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var cases = await OpenAsync(database);

        var first = await cases.RentReaderAsync(Ct);
        await cases.ReturnReader(first);
        Assert.Same(first, await cases.RentReaderAsync(Ct));
        await cases.ReturnReader(first);

        // A burst: more readers at once than the pool keeps.
        var burst = new List<SqlSession>();
        for (var i = 0; i < SqliteCaseDatabase.MaxIdleReaders + 5; i++)
        {
            burst.Add(await cases.RentReaderAsync(Ct));
        }

        Assert.Equal(0, cases.IdleReaders);
        foreach (var session in burst)
        {
            await cases.ReturnReader(session);
        }

        Assert.Equal(SqliteCaseDatabase.MaxIdleReaders, cases.IdleReaders);
        // A kept reader still works.
        Assert.Null(await (await cases.RentReaderAsync(Ct)).LoadCaseSnapshotOfTaskAsync(Guid.NewGuid(), Ct));
    }

    private static async Task<SqliteCaseDatabase> OpenAsync(TestDatabase database)
    {
        await using var context = database.CreateContext();
        return new SqliteCaseDatabase(WorkflowTables.For(context.Model), context.Database.GetConnectionString()!);
    }
}
