using System.Diagnostics;
using Iso.Benchmarks.Engines;

namespace Iso.Benchmarks.Measurement;

/// <summary>Runs one engine × scenario inside a child process: a warm-up round, then the measured rounds.</summary>
public static class ScenarioRunner
{
    /// <summary>A round that has not finished by then has stalled; the measurement fails rather than hangs.</summary>
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(5);

    public static async Task<MeasurementResult> RunAsync(IBenchEngine engine, Scenario scenario, BenchOptions options)
    {
        using var memory = new PeakGcHeapSampler();
        // Warm-up: whole rounds until both a case count and a duration are reached, so tiered JIT (which promotes hot
        // methods after a delay, in the background, on a busy 2-core machine) has finished before anything is timed.
        var warmupStarted = Stopwatch.GetTimestamp();
        var warmupRounds = 0;
        do
        {
            await RunRoundAsync(engine, scenario, options.WarmupCasesFor(scenario), options.InFlight);
            warmupRounds++;
        }
        while (Stopwatch.GetElapsedTime(warmupStarted) < options.MinimumWarmup);
        Console.Error.WriteLine(
            $"[{engine.Name} {scenario}] warm-up: {warmupRounds} × {options.WarmupCasesFor(scenario)} cases in {Stopwatch.GetElapsedTime(warmupStarted).TotalSeconds:F1} s");

        var rounds = new List<RoundResult>();
        var latencies = new List<long>();
        for (var r = 1; r <= options.Rounds; r++)
        {
            var (round, roundLatencies) = await RunRoundAsync(engine, scenario, options.CasesFor(scenario), options.InFlight);
            rounds.Add(round);
            latencies.AddRange(roundLatencies);
            Console.Error.WriteLine(
                $"[{engine.Name} {scenario}] round {r}/{options.Rounds}: {round.CasesPerSecond:F0} cases/s, {round.TransitionsPerSecond:F0} transitions/s, CPU {round.CpuSeconds:F2} s");
        }

        var sorted = latencies.Select(t => t).Order().ToArray();
        double? Ms(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return new MeasurementResult(
            engine.Name,
            scenario.ToString(),
            options.InFlight,
            rounds,
            sorted.Length > 0 ? Ms(Percentiles.Of(sorted, 50)) : null,
            sorted.Length > 0 ? Ms(Percentiles.Of(sorted, 99)) : null,
            sorted.Length > 0 ? Ms(sorted[^1]) : null,
            self.PeakWorkingSet64,
            memory.Peak);
    }

    private static async Task<(RoundResult Round, List<long> Latencies)> RunRoundAsync(IBenchEngine engine, Scenario scenario, int cases, int inFlight)
    {
        using var timeout = new CancellationTokenSource(RoundTimeout);
        await engine.SetupAsync(scenario, timeout.Token);
        try
        {
            // Collect after setting up, so neither the previous round's garbage nor the setup's (a service provider, a
            // store, for durable engines a migrated database, and the finalizers of EF's and DI's compiled code) is
            // paid for by the round measured next.
            await JitQuietAsync();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var perWorker = Enumerable.Range(0, Math.Min(inFlight, cases)).Select(_ => new List<long>(cases / inFlight * 5 + 8)).ToArray();
            var next = -1;
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();

            // Each worker is a thread-pool task: an engine whose calls complete synchronously still gets all cores.
            var workers = perWorker.Select(list => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < cases)
                {
                    await engine.RunCaseAsync(list, timeout.Token);
                }
            }));
            await Task.WhenAll(workers);

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            self.Refresh();
            var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
            var round = new RoundResult(cases, cases * ScenarioShape.StepsPerCase(scenario), seconds, cpu);
            return (round, perWorker.SelectMany(l => l).ToList());
        }
        finally
        {
            await engine.TeardownAsync();
        }
    }

    /// <summary>
    /// Waits (at most 3 s) until the JIT has compiled nothing for 300 ms. Setting up a round runs code that the rounds
    /// themselves never run (a durable engine migrates a fresh database); the runtime re-compiles such code at a higher
    /// tier in the background, about 100 ms after it was called, which would otherwise land inside the measured round.
    /// </summary>
    private static async Task JitQuietAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 3;
        var last = System.Runtime.JitInfo.GetCompiledMethodCount();
        var quietSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline && Stopwatch.GetElapsedTime(quietSince) < TimeSpan.FromMilliseconds(300))
        {
            await Task.Delay(50);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != last)
            {
                last = now;
                quietSince = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>Samples the GC heap size every 10 ms; the working set peak comes from the OS instead.</summary>
    private sealed class PeakGcHeapSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public PeakGcHeapSampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));

        public long Peak
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak);
            }
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            var size = GC.GetTotalMemory(forceFullCollection: false);
            long current;
            while (size > (current = Interlocked.Read(ref _peak)))
            {
                if (Interlocked.CompareExchange(ref _peak, size, current) == current)
                {
                    break;
                }
            }
        }
    }
}
