using Iso.Data.Calendar;
using Iso.Workflows.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data.Tests.Calendar;

public sealed class DatabaseCalendarDataSourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task GetYear_AfterSeed_ReturnsThePublishedDays(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.SeedAsync();
        var source = database.Services.GetRequiredService<ICalendarDataSource>();

        foreach (var year in PublishedHolidays.Years)
        {
            Assert.Equal(PublishedHolidays.For(year)!.OrderBy(d => d.Date), source.GetYear(year));
        }

        Assert.Contains(new CalendarDayOverride(new DateOnly(2026, 8, 22), CalendarDayKind.WorkingDay, "Làm bù cho ngày 31/08"), source.GetYear(2026)!);
    }

    [Fact]
    public async Task GetYear_ForAYearNobodyEntered_ReturnsNull()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();

        Assert.Null(database.Services.GetRequiredService<DatabaseCalendarDataSource>().GetYear(2031));
    }

    [Fact]
    public async Task GetYear_IsCached_UntilInvalidated()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        var source = database.Services.GetRequiredService<DatabaseCalendarDataSource>();
        var before = source.GetYear(2025)!;
        await using (var db = database.CreateContext())
        {
            db.CalendarDays.Add(new CalendarDay { Date = new DateOnly(2025, 11, 20), Year = 2025, Kind = CalendarDayKind.Holiday, Name = "Ngày Nhà giáo (thử)" });
            await db.SaveChangesAsync(Ct);
        }

        Assert.Same(before, source.GetYear(2025));
        source.Invalidate();
        Assert.Contains(source.GetYear(2025)!, d => d.Date == new DateOnly(2025, 11, 20));
    }

    [Fact]
    public async Task GetYear_ReloadsOnItsOwn_OnceTheCacheIsOlderThanMaxAge_SoOtherNodesSeeAnEdit()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite,
            configureServices: services => services.AddSingleton<TimeProvider>(clock));
        await database.SeedAsync();
        var source = database.Services.GetRequiredService<DatabaseCalendarDataSource>();
        Assert.DoesNotContain(source.GetYear(2026)!, d => d.Date == new DateOnly(2026, 11, 20));
        await using (var db = database.CreateContext())
        {
            db.CalendarDays.Add(new CalendarDay { Date = new DateOnly(2026, 11, 20), Year = 2026, Kind = CalendarDayKind.Holiday, Name = "Nghỉ (thử)" });
            await db.SaveChangesAsync(Ct);
        }

        clock.Advance(DatabaseCalendarDataSource.MaxAge);
        Assert.DoesNotContain(source.GetYear(2026)!, d => d.Date == new DateOnly(2026, 11, 20));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains(source.GetYear(2026)!, d => d.Date == new DateOnly(2026, 11, 20));
    }

    [Fact]
    public async Task ReplaceYear_StoresExactlyTheGivenDays_WithHistory_AndRefreshesTheCache()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        var source = database.Services.GetRequiredService<DatabaseCalendarDataSource>();
        Assert.NotNull(source.GetYear(2025));
        CalendarDayOverride[] days =
        [
            new(new DateOnly(2025, 1, 1), CalendarDayKind.Holiday, "Tết Dương lịch"),
            new(new DateOnly(2025, 4, 26), CalendarDayKind.WorkingDay, "Làm bù"),
        ];

        await using (var scope = database.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CalendarYearEditor>().ReplaceYearAsync(2025, days, Ct);
        }

        Assert.Equal(days, source.GetYear(2025));
        await using var db = database.CreateContext();
        Assert.True(await db.History.AnyAsync(h => h.EntityType == nameof(CalendarDay) && h.Action == "Deleted", Ct));
        Assert.True(await db.History.AnyAsync(h => h.EntityType == nameof(CalendarDay) && h.Action == "Modified", Ct));
    }

    [Fact]
    public async Task ReplaceYear_WithEmptyList_KeepsTheYearEntered()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var scope = database.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CalendarYearEditor>().ReplaceYearAsync(2030, [], Ct);
        }

        Assert.Equal([], database.Services.GetRequiredService<DatabaseCalendarDataSource>().GetYear(2030));
    }

    [Fact]
    public async Task ReplaceYear_WithBadDays_IsRejected_NamingEachProblem_AndSavesNothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await database.SeedAsync();
        CalendarDayOverride[] days =
        [
            new(new DateOnly(2026, 1, 1), CalendarDayKind.Holiday, "Tết Dương lịch"),
            new(new DateOnly(2025, 1, 2), CalendarDayKind.Holiday, "Sai năm"),
            new(new DateOnly(2025, 1, 3), CalendarDayKind.WorkingDay, "Thứ Sáu làm bù"),
            new(new DateOnly(2025, 1, 3), CalendarDayKind.Holiday, " "),
        ];
        await using var scope = database.CreateScope();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            scope.ServiceProvider.GetRequiredService<CalendarYearEditor>().ReplaceYearAsync(2025, days, Ct));

        Assert.Contains("01/01/2026 không thuộc năm 2025.", error.Message, StringComparison.Ordinal);
        Assert.Contains("03/01/2025 là ngày trong tuần", error.Message, StringComparison.Ordinal);
        Assert.Contains("03/01/2025 chưa có tên ngày.", error.Message, StringComparison.Ordinal);
        Assert.Contains("03/01/2025 được nhập 2 lần.", error.Message, StringComparison.Ordinal);
        database.Services.GetRequiredService<DatabaseCalendarDataSource>().Invalidate();
        Assert.Equal(PublishedHolidays.For(2025)!.OrderBy(d => d.Date), database.Services.GetRequiredService<DatabaseCalendarDataSource>().GetYear(2025));
    }
}
