using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Iso.Workflows.Telemetry;

/// <summary>
/// The engine's traces and metrics (ADR 0010), on <c>System.Diagnostics</c> only: nothing is recorded unless a listener
/// (OpenTelemetry in the web app, when an OTLP endpoint is configured) subscribes to <see cref="Name"/>.
/// <list type="bullet">
/// <item>an activity per command, <c>iso.workflows.command</c>, tagged with the command and the case;</item>
/// <item><c>iso.workflows.commands</c>: commands finished, by command and outcome (rate = commands/s);</item>
/// <item><c>iso.workflows.commit.duration</c>: time to store a command's changes, in seconds (commit latency);</item>
/// <item><c>iso.workflows.timers.due</c>: timers a node found due at its last poll (at most one batch), by node.</item>
/// </list>
/// </summary>
public static class WorkflowTelemetry
{
    /// <summary>The name of the engine's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string Name = "Iso.Workflows";

    public const string CommandActivity = "iso.workflows.command";

    public const string CommandsCounter = "iso.workflows.commands";

    public const string CommitDurationHistogram = "iso.workflows.commit.duration";

    public const string TimersDueGauge = "iso.workflows.timers.due";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        CommandsCounter, unit: "{command}", description: "Workflow engine commands finished, by command and outcome.");

    internal static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        CommitDurationHistogram, unit: "s", description: "Time to store one command's changes (the commit), in seconds.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    private static readonly Gauge<int> TimersDue = Meter.CreateGauge<int>(
        TimersDueGauge, unit: "{timer}", description: "Timers this node found due at its last poll (at most one batch), by node.");

    internal static void RecordTimersDue(string node, int count)
    {
        if (TimersDue.Enabled)
        {
            TimersDue.Record(count, new KeyValuePair<string, object?>("iso.node", node));
        }
    }

    /// <summary>Starts the activity of one command; null (and free) when nobody listens.</summary>
    internal static Activity? StartCommand(string command, Guid? caseId)
    {
        var activity = ActivitySource.StartActivity(CommandActivity);
        if (activity is not null)
        {
            activity.DisplayName = $"{CommandActivity} {command}";
            activity.SetTag("iso.command", command);
            if (caseId is { } id)
            {
                activity.SetTag("iso.case_id", id.ToString("D"));
            }
        }

        return activity;
    }

    internal static void CommandFinished(string command, string outcome)
    {
        if (Commands.Enabled)
        {
            Commands.Add(1, new KeyValuePair<string, object?>("iso.command", command), new KeyValuePair<string, object?>("iso.outcome", outcome));
        }
    }
}
