using Iso.Data.Workflows.Sql;
using Iso.Workflows.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Iso.Web.Telemetry;

internal static class TelemetrySetup
{
    /// <summary>The OTLP endpoint variable of the OpenTelemetry specification.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Traces and metrics of requests (ASP.NET Core), database calls (the engine's SQL path; Npgsql's own spans on
    /// PostgreSQL) and engine commands, exported by OTLP (ADR 0010). With no endpoint configured nothing is registered:
    /// no listener, no exporter, and the engine's instruments stay disabled.
    /// </summary>
    public static IServiceCollection AddIsoTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var own = options.OtlpEndpoint;
        if (string.IsNullOrWhiteSpace(own) && string.IsNullOrWhiteSpace(configuration[StandardEndpointVariable]))
        {
            return services;
        }

        // Our endpoint is a base address, as OTEL_EXPORTER_OTLP_ENDPOINT is; over HTTP each signal has its own path.
        var protocol = string.Equals(options.OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase)
            ? OtlpExportProtocol.HttpProtobuf
            : OtlpExportProtocol.Grpc;
        void Exporter(OtlpExporterOptions exporter, string signalPath)
        {
            if (!string.IsNullOrWhiteSpace(own))
            {
                var endpoint = own.TrimEnd('/');
                exporter.Protocol = protocol;
                exporter.Endpoint = new Uri(protocol == OtlpExportProtocol.HttpProtobuf ? $"{endpoint}/{signalPath}" : endpoint);
            }
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(WorkflowTelemetry.Name, SqlPathTelemetry.Name, "Npgsql")
                .AddOtlpExporter(exporter => Exporter(exporter, "v1/traces")))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(WorkflowTelemetry.Name, "Npgsql")
                .AddOtlpExporter(exporter => Exporter(exporter, "v1/metrics")));
        return services;
    }
}
