using Iso.Data.Calendar;
using Iso.Workflows.Calendar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Iso.Data.Tests.Calendar;

/// <summary>An administrator's edit of a year must reach the working calendar that computes due dates,
/// on the node where it was made at once and on every other node within <see cref="DatabaseCalendarDataSource.MaxAge"/>.</summary>
public sealed class WorkingCalendarOnDatabaseTests
{
    private static readonly DateOnly ExtraHoliday = new(2026, 12, 1); // a Tuesday
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 30, 7, 30, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task AnEditedYear_MovesDueDates_HereAtOnce_AndOnAnotherNodeAfterMaxAge()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite,
            configureServices: services => services.AddSingleton<TimeProvider>(clock));
        await database.SeedAsync();
        var here = new WorkingCalendar(Options.Create(new WorkingCalendarOptions()), database.Services.GetRequiredService<DatabaseCalendarDataSource>());
        var otherNode = new WorkingCalendar(Options.Create(new WorkingCalendarOptions()),
            new DatabaseCalendarDataSource(database.Services.GetRequiredService<IsoDatabase>(), clock));
        var twoDays = WorkingDuration.FromDays(2);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.FromHours(7)), here.AddWorkingTime(MondayMorning, twoDays));
        Assert.Equal(here.AddWorkingTime(MondayMorning, twoDays), otherNode.AddWorkingTime(MondayMorning, twoDays));

        await using (var scope = database.CreateScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<CalendarYearEditor>();
            await editor.ReplaceYearAsync(2026, [.. PublishedHolidays.For(2026)!, new(ExtraHoliday, CalendarDayKind.Holiday, "Nghỉ đột xuất (thử)")], TestContext.Current.CancellationToken);
        }

        var skipsTheHoliday = new DateTimeOffset(2026, 12, 2, 17, 0, 0, TimeSpan.FromHours(7));
        Assert.Equal(skipsTheHoliday, here.AddWorkingTime(MondayMorning, twoDays));
        Assert.False(here.IsWorkingDay(ExtraHoliday));
        Assert.True(otherNode.IsWorkingDay(ExtraHoliday), "the other node keeps its copy until it is older than MaxAge");
        clock.Advance(DatabaseCalendarDataSource.MaxAge + TimeSpan.FromSeconds(1));
        Assert.Equal(skipsTheHoliday, otherNode.AddWorkingTime(MondayMorning, twoDays));
    }
}
