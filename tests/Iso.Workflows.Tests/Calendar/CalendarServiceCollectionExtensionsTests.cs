using Iso.Workflows.Calendar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Iso.Workflows.Tests.Calendar;

public sealed class CalendarServiceCollectionExtensionsTests
{
    [Fact]
    public void AddIsoWorkingCalendar_RegistersOneSingletonCalendarOverThePublishedYears()
    {
        using var provider = new ServiceCollection().AddIsoWorkingCalendar().BuildServiceProvider();

        var calendar = provider.GetRequiredService<IWorkingCalendar>();
        Assert.Same(provider.GetRequiredService<WorkingCalendar>(), calendar);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 4, 26))); // the published make-up Saturday
    }

    [Fact]
    public void AddIsoWorkingCalendar_KeepsADataSourceRegisteredBefore()
    {
        var source = new CalendarTestSupport.FixedDataSource(2025);
        using var provider = new ServiceCollection()
            .AddSingleton<ICalendarDataSource>(source)
            .AddIsoWorkingCalendar()
            .BuildServiceProvider();

        Assert.Same(source, provider.GetRequiredService<ICalendarDataSource>());
        Assert.False(provider.GetRequiredService<IWorkingCalendar>().IsWorkingDay(new DateOnly(2025, 4, 26)));
    }

    [Fact]
    public void AddIsoWorkingCalendar_WithBadOptions_FailsWithEveryMessage()
    {
        using var provider = new ServiceCollection()
            .AddIsoWorkingCalendar(o =>
            {
                o.OfficeHours = "07:30-11:30, 11:00-17:00";
                o.WorkingDays = "Funday";
            })
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WorkingCalendarOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("OfficeHours", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("WorkingDays", StringComparison.Ordinal));
    }
}
