using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Iso.Benchmarks.Measurement;

namespace Iso.Benchmarks.Reporting;

/// <summary>Everything one run measured, rendered as Markdown with the targets checked.</summary>
public sealed class BenchReport(BenchOptions options, DateTimeOffset startedAt)
{
    public List<CommitProbeResult> Probes { get; } = [];

    public List<MeasurementResult> Measurements { get; } = [];

    public Dictionary<string, string> NotMeasured { get; } = new(StringComparer.Ordinal);

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Workflow engine benchmark");
        sb.AppendLine();
        sb.AppendLine(Inv($"Measured {startedAt:yyyy-MM-dd HH:mm zzz} on {Environment.MachineName}: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}."));
        sb.AppendLine(Inv($"Settings: {options.Rounds} measured rounds after warm-up rounds (at least {options.MinimumWarmup.TotalSeconds:F0} s), at most {options.InFlight} cases in flight, cases per round A = {options.CasesFor(Engines.Scenario.A)}, B = {options.CasesFor(Engines.Scenario.B)}; WorkflowCore IdleTime {options.WorkflowCoreIdleMs} ms, PollInterval {options.WorkflowCorePollMs} ms, MaxConcurrentWorkflows {options.WorkflowCoreMaxWorkflows}, human steps as {(options.WorkflowCoreBuilderWaitFor ? "builder WaitFor(name, d => d.Key)" : "WaitFor step with Input((step, data) => …)")}."));
        if (options.Quick)
        {
            sb.AppendLine();
            sb.AppendLine("**Quick mode: a smoke run with few cases, not a measurement to quote.**");
        }

        if (Probes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Raw SQLite commit rate (physical limit)");
            sb.AppendLine();
            sb.AppendLine("One connection, WAL, one `INSERT` of a short row per transaction.");
            sb.AppendLine();
            sb.AppendLine("| synchronous | commits/s min | median | max |");
            sb.AppendLine("|---|---:|---:|---:|");
            foreach (var p in Probes)
            {
                var s = Spread.Of(p.CommitsPerSecond);
                sb.AppendLine(Inv($"| {p.Synchronous} | {s.Min:N0} | {s.Median:N0} | {s.Max:N0} |"));
            }
        }

        sb.AppendLine();
        sb.AppendLine("## Engines");
        sb.AppendLine();
        sb.AppendLine("| engine | scenario | cases/s min / median / max | transitions/s (median) | human step → next open p50 / p99 / max (ms) | CPU s per round (median) | CPU ms per case | peak working set (MB) | peak GC heap (MB) |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in Measurements)
        {
            var cases = Spread.Of(m.Rounds.Select(r => r.CasesPerSecond));
            var transitions = Spread.Of(m.Rounds.Select(r => r.TransitionsPerSecond));
            var cpu = Spread.Of(m.Rounds.Select(r => r.CpuSeconds));
            var cpuPerCase = Spread.Of(m.Rounds.Select(r => r.CpuSeconds * 1000 / r.Cases));
            var latency = m.LatencyP50Ms is { } p50 ? Inv($"{p50:F3} / {m.LatencyP99Ms:F3} / {m.LatencyMaxMs:F1}") : "— (no human steps)";
            sb.AppendLine(Inv($"| {m.Engine} | {m.Scenario} | {cases.Min:N0} / **{cases.Median:N0}** / {cases.Max:N0} | {transitions.Median:N0} | {latency} | {cpu.Median:F2} | {cpuPerCase.Median:F3} | {m.PeakWorkingSetBytes / 1048576.0:F0} | {m.PeakGcHeapBytes / 1048576.0:F0} |"));
        }

        foreach (var (engine, reason) in NotMeasured)
        {
            sb.AppendLine(Inv($"| {engine} | — | not measured: {reason} | | | | | | |"));
        }

        var cpuRows = CpuComparisons().ToList();
        if (cpuRows.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## CPU cost per case (informational)");
            sb.AppendLine();
            sb.AppendLine("CPU time per case hardly depends on how busy the machine is, unlike cases/s: when other processes share the cores, read this first.");
            sb.AppendLine();
            sb.AppendLine("| scenario | engine | CPU ms per case (median) | vs workflowcore-mem |");
            sb.AppendLine("|---|---|---:|---:|");
            foreach (var row in cpuRows)
            {
                sb.AppendLine(row);
            }
        }

        sb.AppendLine();
        sb.AppendLine("## Targets (issue 3), on medians");
        sb.AppendLine();
        sb.AppendLine("| target | measured | required | result |");
        sb.AppendLine("|---|---:|---:|---|");
        foreach (var t in Targets())
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.Measured} | {t.Required} | {t.Result} |");
        }

        return sb.ToString();
    }

    private IEnumerable<(string Name, string Measured, string Required, string Result)> Targets()
    {
        const string wfc = BenchOptions.WorkflowCoreName;
        const string mem = BenchOptions.IsoMemoryName;
        const string sql = BenchOptions.IsoSqliteName;

        foreach (var scenario in new[] { "A", "B" })
        {
            yield return Ratio($"{mem} ≥ 3 × {wfc}, cases/s, scenario {scenario}", Median(mem, scenario), Median(wfc, scenario), 3.0);
        }

        yield return Ratio($"{sql} ≥ {wfc}, cases/s, scenario B", Median(sql, "B"), Median(wfc, "B"), 1.0);

        var normal = Probes.FirstOrDefault(p => p.Synchronous == "NORMAL");
        var limit = normal is null ? (double?)null : Spread.Of(normal.CommitsPerSecond).Median;
        yield return Ratio($"{sql} ≥ ½ × raw commit rate (synchronous=NORMAL), cases/s, scenario A (one commit per case)", Median(sql, "A"), limit, 0.5);

        foreach (var scenario in new[] { "A", "B" })
        {
            var transitions = Measurements.FirstOrDefault(m => m.Engine == sql && m.Scenario == scenario) is { } m
                ? Spread.Of(m.Rounds.Select(r => r.TransitionsPerSecond)).Median
                : (double?)null;
            yield return transitions is { } t
                ? ($"{sql} ≥ 2,000 durable transitions/s, scenario {scenario}", Inv($"{t:N0}/s"), "2,000/s", t >= 2000 ? "PASS" : Inv($"FAIL ({t / 2000:P0} of target)"))
                : ($"{sql} ≥ 2,000 durable transitions/s, scenario {scenario}", "—", "2,000/s", "n/a (not measured)");
        }
    }

    private IEnumerable<string> CpuComparisons()
    {
        foreach (var scenario in new[] { "A", "B" })
        {
            var reference = CpuPerCase(BenchOptions.WorkflowCoreName, scenario);
            foreach (var m in Measurements.Where(m => m.Scenario == scenario))
            {
                var cost = CpuPerCase(m.Engine, scenario)!.Value;
                var versus = reference is { } r && m.Engine != BenchOptions.WorkflowCoreName ? Inv($"{r / cost:F1}× less CPU") : "—";
                yield return Inv($"| {scenario} | {m.Engine} | {cost:F3} | {versus} |");
            }
        }
    }

    private double? CpuPerCase(string engine, string scenario) =>
        Measurements.FirstOrDefault(m => m.Engine == engine && m.Scenario == scenario) is { } m
            ? Spread.Of(m.Rounds.Select(r => r.CpuSeconds * 1000 / r.Cases)).Median
            : null;

    private static (string, string, string, string) Ratio(string name, double? ours, double? reference, double factor)
    {
        if (ours is not { } o || reference is not { } r)
        {
            return (name, "—", "—", "n/a (not measured)");
        }

        var ratio = o / r;
        return (name, Inv($"{o:N0} vs {r:N0} (×{ratio:F2})"), Inv($"×{factor:F1}"), ratio >= factor ? "PASS" : Inv($"FAIL (×{ratio:F2} of ×{factor:F1})"));
    }

    private double? Median(string engine, string scenario) =>
        Measurements.FirstOrDefault(m => m.Engine == engine && m.Scenario == scenario) is { } m
            ? Spread.Of(m.Rounds.Select(r => r.CasesPerSecond)).Median
            : null;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
