namespace Iso.Benchmarks.Measurement;

/// <summary>One timed round of one engine × scenario.</summary>
public sealed record RoundResult(int Cases, int Transitions, double Seconds, double CpuSeconds)
{
    public double CasesPerSecond => Cases / Seconds;

    public double TransitionsPerSecond => Transitions / Seconds;
}

/// <summary>What a child process reports for one engine × scenario (all measured rounds; warm-up excluded).</summary>
public sealed record MeasurementResult(
    string Engine,
    string Scenario,
    int InFlight,
    List<RoundResult> Rounds,
    double? LatencyP50Ms,
    double? LatencyP99Ms,
    double? LatencyMaxMs,
    long PeakWorkingSetBytes,
    long PeakGcHeapBytes);

/// <summary>The raw commit rate of SQLite on this disk: one small insert per transaction, one connection.</summary>
public sealed record CommitProbeResult(string Synchronous, List<double> CommitsPerSecond);

/// <summary>min / median / max of a list of values.</summary>
public readonly record struct Spread(double Min, double Median, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(sorted[0], median, sorted[^1]);
    }
}

public static class Percentiles
{
    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Of(long[] sorted, double percentile)
    {
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
