using Iso.Web.Accounts;
using Iso.Web.Calendar;
using Iso.Web.Cases;
using Iso.Web.Documents;
using Iso.Web.Organisation;
using Iso.Web.Procedures;
using Iso.Web.Tthc;

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

        services.AddOptions<ReceptionOptions>().BindConfiguration(ReceptionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CaseCodes>();
        services.AddScoped<CaseProcedures>();
        services.AddScoped<ListReceptionProcedures>();
        services.AddScoped<PreviewReception>();
        services.AddScoped<ReceiveCase>();
        services.AddScoped<GetReceipt>();
        services.AddScoped<GetCaseSheet>();
        services.AddScoped<CaseApologies>();
        services.AddScoped<ListCases>();
        services.AddScoped<GetCaseSync>();
        services.AddScoped<LookupPublicCase>();
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure(options => options.AddPolicy<string, PublicLookupRateLimitPolicy>(ReceptionEndpoints.PublicLookupPolicy));
        // Inbox, task page, notifications, faults (issue 12).
        services.AddSingleton<CaseClock>();
        services.AddSingleton<SafeMarkdown>();
        services.AddSingleton<WorkflowChangeHub>();
        services.AddSingleton<Iso.Workflows.Runtime.IWorkflowChangeListener>(sp => sp.GetRequiredService<WorkflowChangeHub>());
        services.AddScoped<TaskSteps>();
        services.AddScoped<GetTask>();
        services.AddScoped<InboxFilters>();
        services.AddScoped<ReleaseTask>();
        services.AddScoped<ReassignTask>();
        services.AddScoped<CaseFiles>();
        services.AddScoped<MyNotifications>();
        services.AddScoped<FaultedCases>();
        services.AddScoped<ICaseWork, CaseWork>();
        // Statistics (issue 12, ADR 0024).
        services.AddScoped<Iso.Web.Statistics.GetStatistics>();
        services.AddScoped<Iso.Web.Statistics.IStatistics>(sp => sp.GetRequiredService<Iso.Web.Statistics.GetStatistics>());

        services.AddScoped<IOrganisationDirectory, OrganisationDirectory>();
        services.AddScoped<AccountAdministration>();
        services.AddScoped<ListAccounts>();
        services.AddScoped<CreateAccount>();
        services.AddScoped<UpdateAccount>();
        services.AddScoped<ResetAccountPassword>();
        services.AddScoped<GetAccountHistory>();
        services.AddScoped<ImportAccounts>();
        services.AddScoped<ExportAccounts>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<TwoFactorEnrolment>();
        services.AddScoped<OrganisationAdministration>();
        services.AddScoped<OrganisationSuccession>();
        services.AddScoped<MergeAgencies>();
        services.AddScoped<GetAgencyFigures>();
        services.AddScoped<DemoReorganisation2025>();

        services.AddSingleton<AgencyTime>();
        services.AddScoped<DefinitionChecker>();
        services.AddScoped<ProcedureCatalogue>();
        services.AddScoped<ProcedureAuthoring>();
        services.AddSingleton<StepClipboard>();
        services.AddScoped<ProcedurePublishing>();
        services.AddScoped<TestRunProcedure>();
        services.AddScoped<TthcCatalogue>();

        services.AddScoped<WorkingCalendarAdministration>();
        services.AddScoped<CalendarStatus>();

        services.AddIsoDocuments();
        services.AddIsoDocumentPrintingAndRecords();
        return services;
    }
}
