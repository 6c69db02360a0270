using System.Diagnostics;
using System.Globalization;
using Iso.Benchmarks.Engines;

namespace Iso.Benchmarks.Measurement;

/// <summary>
/// <c>--profile</c>: our in-memory engine, one case at a time on one worker, reporting CPU time and bytes allocated per
/// case. One case in flight keeps scheduling and lock waits out of the figure, so it changes little when the machine is
/// busy; it is the number to compare before and after a change of the engine's hot path.
/// </summary>
public static class CostProfile
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        foreach (var scenario in options.Scenarios)
        {
            var engine = IsoEngine.InMemory();
            var cases = options.CasesFor(scenario);
            var latencies = new List<long>(cases * 5);
            await engine.SetupAsync(scenario, CancellationToken.None);
            try
            {
                var warm = Stopwatch.StartNew();
                while (warm.Elapsed < options.MinimumWarmup)
                {
                    for (var i = 0; i < 200; i++)
                    {
                        await engine.RunCaseAsync(latencies, CancellationToken.None);
                    }

                    latencies.Clear();
                }

                var cpuPerCase = new List<double>();
                var bytesPerCase = new List<double>();
                for (var r = 0; r < options.Rounds; r++)
                {
                    // A fresh store per round, as in the measured rounds, so the store's size does not grow across rounds.
                    await engine.TeardownAsync();
                    await engine.SetupAsync(scenario, CancellationToken.None);
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    using var self = Process.GetCurrentProcess();
                    var cpuBefore = self.TotalProcessorTime;
                    var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                    for (var i = 0; i < cases; i++)
                    {
                        await engine.RunCaseAsync(latencies, CancellationToken.None);
                        latencies.Clear();
                    }

                    var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
                    self.Refresh();
                    cpuPerCase.Add((self.TotalProcessorTime - cpuBefore).TotalMilliseconds / cases);
                    bytesPerCase.Add((double)bytes / cases);
                }

                cpuPerCase.Sort();
                bytesPerCase.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"iso-mem {scenario}: CPU ms per case min {cpuPerCase[0]:F4} / median {cpuPerCase[cpuPerCase.Count / 2]:F4} / max {cpuPerCase[^1]:F4}; " +
                    $"allocated bytes per case median {bytesPerCase[bytesPerCase.Count / 2]:F0} ({options.Rounds} rounds × {cases} cases, 1 in flight)"));
            }
            finally
            {
                await engine.TeardownAsync();
            }
        }

        return 0;
    }
}
