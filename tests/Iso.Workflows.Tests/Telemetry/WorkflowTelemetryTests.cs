using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Iso.Workflows.Runtime;
using Iso.Workflows.Telemetry;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Telemetry;

/// <summary>The engine's activity and instruments, observed with plain System.Diagnostics listeners. Other tests run
/// in parallel, so what is recorded is filtered by this test's case.</summary>
public sealed class WorkflowTelemetryTests : IDisposable
{
    private readonly EngineHarness _h = new();
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();

    public WorkflowTelemetryTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkflowTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WorkflowTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();
    }

    [Fact]
    public async Task AnEngineCommand_EmitsItsActivity_CountsItself_AndTimesItsCommit()
    {
        await _h.ImportAsync("Runtime/Workflows/document-approval.json");

        var started = await _h.StartAsync("test-document");

        var activity = Assert.Single(_activities, a => a.GetTagItem("iso.case_id") as string == started.CaseId.ToString("D"));
        Assert.Equal(WorkflowTelemetry.CommandActivity, activity.OperationName);
        Assert.Equal("StartCase", activity.GetTagItem("iso.command"));
        Assert.Equal(1, activity.GetTagItem("iso.attempts"));
        Assert.Contains(_measurements, m => m.Instrument == WorkflowTelemetry.CommandsCounter && m.Value == 1
            && Equals(m.Tags["iso.command"], "StartCase") && Equals(m.Tags["iso.outcome"], "ok"));
        Assert.Contains(_measurements, m => m.Instrument == WorkflowTelemetry.CommitDurationHistogram && m.Value >= 0 && Equals(m.Tags["iso.command"], "StartCase"));
    }

    [Fact]
    public async Task ARejectedCommand_IsCountedAsRejected_OnItsCasesActivity()
    {
        await _h.ImportAsync("Runtime/Workflows/document-approval.json");
        var task = (await _h.StartAsync("test-document")).OpenTasks[0];

        await Assert.ThrowsAsync<WorkflowException>(() => _h.CompleteAsync(task, _h.Staff, "no-such-outcome"));

        var activity = Assert.Single(_activities, a => a.GetTagItem("iso.task_id") as string == task.Id.ToString("D"));
        Assert.Equal("CompleteTask", activity.GetTagItem("iso.command"));
        Assert.Equal("rejected", activity.GetTagItem("iso.outcome"));
        Assert.Contains(_measurements, m => m.Instrument == WorkflowTelemetry.CommandsCounter
            && Equals(m.Tags["iso.command"], "CompleteTask") && Equals(m.Tags["iso.outcome"], "rejected"));
    }

    [Fact]
    public async Task TimersDue_IsTheNumberTheNodeFoundAtItsPoll()
    {
        await _h.ImportAsync("Runtime/Workflows/document-approval.json");
        await _h.StartAsync("test-document"); // a step escalation and a case time limit
        _h.Time.Advance(TimeSpan.FromDays(30));
        var node = "node-" + Guid.NewGuid().ToString("N");

        await _h.Runtime.FireDueTimersAsync(node, 100, TestContext.Current.CancellationToken);
        await _h.Runtime.FireDueTimersAsync(node, 100, TestContext.Current.CancellationToken);

        var polls = _measurements.Where(m => m.Instrument == WorkflowTelemetry.TimersDueGauge && Equals(m.Tags["iso.node"], node)).Select(m => m.Value).ToList();
        Assert.Equal([2, 0], polls);
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible =>
        _measurements.Enqueue((instrument.Name, value.ToDouble(System.Globalization.CultureInfo.InvariantCulture), tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
        _h.Dispose();
    }
}
