using Iso.Web.Calendar;
using Iso.Web.Cases;
using Iso.Web.Documents;
using Iso.Web.Organisation;

namespace Iso.Web.Application;

public static class UseCaseRegistration
{
    /// <summary>The use cases, scoped: each holds only scoped engine services and the context factory, never a context,
    /// so a Blazor circuit (one scope for its whole life) gets a short-lived context per operation.</summary>
    public static IServiceCollection AddIsoUseCases(this IServiceCollection services)
    {
        services.AddScoped<CallerFactory>();

        services.AddScoped<StartCase>();
        services.AddScoped<GetCase>();
        services.AddScoped<GetInbox>();
        services.AddScoped<ClaimTask>();
        services.AddScoped<CompleteTask>();

        services.AddScoped<IOrganisationDirectory, OrganisationDirectory>();
        services.AddScoped<AccountAdministration>();

        services.AddScoped<WorkingCalendarAdministration>();
        services.AddScoped<CalendarStatus>();

        services.AddIsoDocuments();
        return services;
    }
}
