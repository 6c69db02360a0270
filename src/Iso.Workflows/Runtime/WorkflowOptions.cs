using Iso.Workflows.Expressions;

namespace Iso.Workflows.Runtime;

/// <summary>Engine settings (configuration section <c>Iso:Workflows</c>).</summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Iso:Workflows";

    /// <summary>How often the timer service looks for due timers.</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed timer stays reserved for this node before another node may take it.</summary>
    public TimeSpan TimerLease { get; set; } = TimeSpan.FromMinutes(2);

    public int TimerBatchSize { get; set; } = 100;

    /// <summary>How long to wait before each new attempt of a timer whose automatic work failed (back-off); after the
    /// last one the case is marked faulted and waits for an administrator. Null: <see cref="DefaultTimerRetryDelays"/>
    /// (null rather than a filled default, because configuration binding appends to an existing array).</summary>
    public TimeSpan[]? TimerRetryDelays { get; set; }

    /// <summary>1 min, 5 min, 30 min, 2 h: five attempts over about two and a half hours, then faulted.</summary>
    public static IReadOnlyList<TimeSpan> DefaultTimerRetryDelays { get; } =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    internal IReadOnlyList<TimeSpan> RetryDelays => TimerRetryDelays ?? DefaultTimerRetryDelays;

    /// <summary>Whether creating a task writes a notification for its candidates or assignee (the bell's "new task" and
    /// "returned" items).</summary>
    public bool NotifyNewTasks { get; set; } = true;

    /// <summary>Whether this app node runs the timer service.</summary>
    public bool RunTimerService { get; set; } = true;

    /// <summary>Identity of this node in timer leases; defaults to machine name + process id.</summary>
    public string? NodeName { get; set; }

    /// <summary>How many times a command is retried after losing a race on another task of the same case.</summary>
    public int MaxConcurrencyRetries { get; set; } = 10;

    /// <summary>Guard against definitions that loop through automatic nodes forever within one command.</summary>
    public int MaxAutomaticStepsPerCommand { get; set; } = 1_000;

    /// <summary>How long a node keeps using the version it found published when starting cases, before asking the
    /// store again (a version published on this node is used at once; one published on another node within this time).
    /// Zero asks the store for every case.</summary>
    public TimeSpan PublishedDefinitionCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    public ExpressionOptions Expressions { get; set; } = new();
}
