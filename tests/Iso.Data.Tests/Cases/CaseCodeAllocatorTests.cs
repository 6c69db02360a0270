using Iso.Data.Cases;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data.Tests.Cases;

public sealed class CaseCodeAllocatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task NextAsync_InParallel_GivesEachCallerItsOwnNumber_OneToN(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var agency = Guid.NewGuid();
        var day = new DateOnly(2026, 8, 21);
        const int count = 40;

        var numbers = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await using var scope = database.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CaseCodeAllocator>().NextAsync(agency, day, Ct);
        }));

        Assert.Equal(Enumerable.Range(1, count), numbers.Order());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task NextAsync_CountsEachAgencyAndDayOnItsOwn(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var allocator = scope.ServiceProvider.GetRequiredService<CaseCodeAllocator>();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var (monday, tuesday) = (new DateOnly(2026, 8, 24), new DateOnly(2026, 8, 25));

        Assert.Equal(1, await allocator.NextAsync(a, monday, Ct));
        Assert.Equal(2, await allocator.NextAsync(a, monday, Ct));
        Assert.Equal(1, await allocator.NextAsync(b, monday, Ct));
        Assert.Equal(1, await allocator.NextAsync(a, tuesday, Ct));
        Assert.Equal(3, await allocator.NextAsync(a, monday, Ct));
    }
}
