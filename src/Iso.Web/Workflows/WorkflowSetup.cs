using Iso.Workflows;
using Iso.Workflows.Calendar;
using Iso.Workflows.Runtime;

namespace Iso.Web.Workflows;

internal static class WorkflowSetup
{
    /// <summary>The working calendar (section <c>Iso:Calendar</c>, days from the database), the engine (section
    /// <c>Iso:Workflows</c>) on the data layer's stores, its timer service, and the shipped templates.</summary>
    public static IServiceCollection AddIsoWorkflowEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkingCalendarOptions>().Bind(configuration.GetSection(WorkingCalendarOptions.SectionName));
        services.AddIsoWorkingCalendar();
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.SectionName));
        services.AddIsoWorkflows();
        services.AddOptions<WorkflowTemplateOptions>().Bind(configuration.GetSection(WorkflowTemplateOptions.SectionName));
        services.AddScoped<WorkflowTemplateSeeder>();
        return services;
    }
}
