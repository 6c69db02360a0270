using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Iso.Workflows.Calendar;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WorkingCalendar"/> as the singleton <see cref="IWorkingCalendar"/>, with its options validated on start.
    /// The host binds <see cref="WorkingCalendarOptions.SectionName"/> (<c>AddOptions&lt;WorkingCalendarOptions&gt;().BindConfiguration(...)</c>);
    /// an <see cref="ICalendarDataSource"/> registered before (the database) wins over <see cref="PublishedHolidaysDataSource"/>.
    /// </summary>
    public static IServiceCollection AddIsoWorkingCalendar(this IServiceCollection services, Action<WorkingCalendarOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WorkingCalendarOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkingCalendarOptions>, WorkingCalendarOptionsValidator>());
        services.TryAddSingleton<ICalendarDataSource, PublishedHolidaysDataSource>();
        services.TryAddSingleton<WorkingCalendar>();
        services.TryAddSingleton<IWorkingCalendar>(sp => sp.GetRequiredService<WorkingCalendar>());
        return services;
    }
}
