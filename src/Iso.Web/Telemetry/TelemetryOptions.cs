namespace Iso.Web.Telemetry;

/// <summary>Where traces and metrics go (section <see cref="SectionName"/>; ADR 0010). Off unless an OTLP endpoint is
/// configured here or in the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Iso:Telemetry";

    /// <summary>The OTLP collector's base address, e.g. <c>http://otel-collector:4317</c> (gRPC) or
    /// <c>http://otel-collector:4318</c> with <see cref="OtlpProtocol"/> <c>http/protobuf</c>.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>The service name on every trace and metric (default <c>iso-dien-tu</c>).</summary>
    public string ServiceName { get; set; } = "iso-dien-tu";
}
