using Iso.Data;
using Iso.Web.Auth;
using Iso.Web.Cases;
using Iso.Web.Components;
using Iso.Web.Localization;
using Iso.Web.Organisation;
using Iso.Web.Startup;
using Iso.Web.Telemetry;
using Iso.Web.Workflows;
using MudBlazor.Services;

namespace Iso.Web;

public static class DependencyInjection
{
    /// <summary>The web project's one door: data layer, identity and policies, localization, API, Blazor UI.</summary>
    public static WebApplicationBuilder AddIsoWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddIsoData(builder.Configuration);
        services.AddIsoWorkflowEngine(builder.Configuration);
        services.AddHostedService<DatabaseStartup>();
        services.AddIsoTelemetry(builder.Configuration);

        services.AddIsoLocalization();
        services.AddIsoIdentity();
        services.AddIsoCurrentActor();
        services.AddScoped<IOrganisationDirectory, OrganisationDirectory>();
        services.AddScoped<AccountAdministration>();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsText.Explain);
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return builder;
    }

    /// <summary>The request pipeline and all endpoints.</summary>
    public static WebApplication UseIsoWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // API callers get RFC 7807 problem details for errors and empty status codes; people get pages.
        app.UseWhen(IsApi, api => api.UseExceptionHandler().UseStatusCodePages());
        app.UseWhen(context => !IsApi(context), ui =>
        {
            if (!app.Environment.IsDevelopment())
            {
                ui.UseExceptionHandler("/error", createScopeForErrors: true);
            }

            ui.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        });

        // Routing after the status-code pages, so that a re-executed request is routed to its new path.
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapCultureEndpoints();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();

        var api = app.MapGroup("/api/v1");
        api.MapAuthEndpoints();
        api.MapGroup("").RequireAuthorization().MapOrganisationEndpoints();
        api.MapGroup("").RequireAuthorization().MapCaseEndpoints();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
