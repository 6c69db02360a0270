using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Iso.Web.Startup;

/// <summary><c>/health/live</c>: the process answers (no check runs, for a liveness probe that must not restart the app
/// when the database is down); <c>/health/ready</c>: the database answers too. <c>/health</c> stays as an alias of ready.</summary>
internal static class HealthEndpoints
{
    public const string Ready = "ready";

    public static IEndpointRouteBuilder MapIsoHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
        return endpoints;
    }
}
