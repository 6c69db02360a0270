using Iso.Data;
using Iso.Web.Accounts;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Calendar;
using Iso.Web.Cases;
using Iso.Web.Components;
using Iso.Web.Documents;
using Iso.Web.Documents.FollowUp;
using Iso.Web.Records;
using Iso.Web.Localization;
using Iso.Web.Organisation;
using Iso.Web.Procedures;
using Iso.Web.Tthc;
using Iso.Web.Startup;
using Iso.Web.Statistics;
using Iso.Web.Telemetry;
using Iso.Web.Workflows;
using Microsoft.AspNetCore.Diagnostics;
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
        // Demo data only when asked, or by default in Development: a production install never gets the public demo accounts.
        services.PostConfigure<IsoOptions>(options =>
        {
            options.SeedDemoData ??= builder.Environment.IsDevelopment();
            options.DemoCases ??= builder.Environment.IsDevelopment() ? 300 : 0;
        });
        services.AddIsoWorkflowEngine(builder.Configuration);
        services.AddHostedService<DatabaseStartup>();
        services.AddIsoTelemetry(builder.Configuration);

        services.AddIsoLocalization();
        services.AddIsoIdentity();
        services.AddIsoCurrentActor();
        services.AddIsoUseCases();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsText.Explain);
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.Ready]);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, IsoMudLocalizer>();
        builder.AddIsoHttpHardening();
        return builder;
    }

    /// <summary>The request pipeline and all endpoints.</summary>
    public static WebApplication UseIsoWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.UseIsoHttpHardening();

        // API callers get RFC 7807 problem details for errors and empty status codes (binding failures name the
        // JSON path, see BadRequestProblems), and their JSON bodies pass the door first; people get pages.
        app.UseWhen(IsApi, api => api
            .UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusCodeOf })
            .UseStatusCodePages()
            .UseMiddleware<JsonDoor>());
        app.UseWhen(context => !IsApi(context), ui =>
        {
            if (!app.Environment.IsDevelopment())
            {
                ui.UseExceptionHandler(new ExceptionHandlerOptions
                {
                    ExceptionHandlingPath = "/error",
                    CreateScopeForErrors = true,
                    StatusCodeSelector = StatusCodeOf,
                });
            }

            ui.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        });

        // Routing after the status-code pages, so that a re-executed request is routed to its new path.
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseIsoSignInThrottle();
        app.UseAuthentication();
        app.UseIsoAccountStateCheck();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        // frame-ancestors is part of the whole policy set by UseIsoHttpHardening.
        // No WebSocket compression for the circuits: each compressed connection holds its own zlib state, about 300 KB
        // of native memory per open page (issue 12's circuits; ADR 0033), for render batches of a few KB.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options =>
        {
            options.ContentSecurityFrameAncestorsPolicy = null;
            options.DisableWebSocketCompression = true;
        });
        app.MapAccountEndpoints();
        app.MapCultureEndpoints();
        app.MapIsoHealthChecks();
        app.MapOpenApi().AllowAnonymous();

        var api = app.MapGroup("/api/v1");
        api.MapAuthEndpoints();
        api.MapGroup("").RequireAuthorization().MapOrganisationEndpoints();
        api.MapGroup("").RequireAuthorization().MapCaseEndpoints();
        api.MapGroup("").RequireAuthorization()
            .MapReceptionEndpoints(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReceptionOptions>>().Value.MaxFileBytes);
        api.MapPublicCaseEndpoints();
        api.MapGroup("").RequireAuthorization().MapInboxEndpoints();
        api.MapGroup("").RequireAuthorization().MapAccountUnlockEndpoint();
        api.MapGroup("").RequireAuthorization().MapAccountsEndpoints();
        api.MapGroup("").RequireAuthorization().MapCalendarEndpoints();
        api.MapGroup("").RequireAuthorization().MapOrganisationAdminEndpoints();
        api.MapGroup("").RequireAuthorization().MapProcedureEndpoints();
        api.MapGroup("").RequireAuthorization().MapTthcEndpoints();
        api.MapGroup("").RequireAuthorization().MapDocumentEndpoints();
        api.MapGroup("").RequireAuthorization().MapStatisticsEndpoints();
        api.MapGroup("").RequireAuthorization().MapDocumentFollowUpEndpoints();
        api.MapGroup("").RequireAuthorization().MapDocumentCopyEndpoints();
        api.MapGroup("").RequireAuthorization().MapRecordEndpoints();
        api.MapPublicDocumentEndpoints();
        return app;
    }

    /// <summary>A request the server could not read (bad form, bad antiforgery token, body too large) keeps its 4xx.</summary>
    private static int StatusCodeOf(Exception exception) =>
        exception is BadHttpRequestException badRequest ? badRequest.StatusCode : StatusCodes.Status500InternalServerError;

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
