using System.Diagnostics;

namespace Iso.Data.Workflows.Sql;

/// <summary>Spans of the engine's SQL command path (ADR 0005, ADR 0010): a command's read of its case and its commit,
/// children of the engine's command span. Free when nobody listens to <see cref="Name"/>.</summary>
public static class SqlPathTelemetry
{
    public const string Name = "Iso.Data";

    internal static readonly ActivitySource ActivitySource = new(Name);

    internal static Activity? Start(string operation, string system)
    {
        var activity = ActivitySource.StartActivity(operation, ActivityKind.Client);
        activity?.SetTag("db.system.name", system);
        return activity;
    }
}
