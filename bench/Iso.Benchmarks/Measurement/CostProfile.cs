using System.Diagnostics;
using System.Globalization;
using Iso.Benchmarks.Engines;

namespace Iso.Benchmarks.Measurement;

/// <summary>
/// <c>--profile</c>: our engine (in memory, or <c>iso-sqlite</c> when <c>--engines</c> names it), one case at a time on one worker, reporting CPU time and bytes allocated per
/// case. One case in flight keeps scheduling and lock waits out of the figure, so it changes little when the machine is
/// busy; it is the number to compare before and after a change of the engine's hot path.
/// </summary>
public static class CostProfile
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var names = options.Engines.Where(n => n != BenchOptions.WorkflowCoreName).ToList();
        foreach (var (name, scenario) in (names.Count > 0 ? names : [BenchOptions.IsoMemoryName]).SelectMany(n => options.Scenarios.Select(s => (n, s))))
        {
            var engine = EngineCatalog.Create(name, options);
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
                    $"{name} {scenario}: CPU ms per case min {cpuPerCase[0]:F4} / median {cpuPerCase[cpuPerCase.Count / 2]:F4} / max {cpuPerCase[^1]:F4}; " +
                    $"allocated bytes per case median {bytesPerCase[bytesPerCase.Count / 2]:F0} ({options.Rounds} rounds × {cases} cases, 1 in flight)"));
            }
            finally
            {
                await engine.TeardownAsync();
            }
        }

        Components();
        return 0;
    }

    /// <summary>Single-thread costs of pieces every command pays, to see where a case's time goes.</summary>
    private static void Components()
    {
        var entry = new Iso.Workflows.Persistence.WorkflowJournalEntry
        {
            CaseId = Guid.CreateVersion7(),
            Sequence = 3,
            At = DateTimeOffset.UtcNow,
            Kind = "ActionExecuted",
            NodeId = "step2",
            Outcome = "bench.step",
            PreviousHash = new string('a', 64),
            Hash = string.Empty,
        };
        Measure("journal hash (one entry)", () => Iso.Workflows.Journal.JournalHasher.Compute(entry));
        Measure("Guid.CreateVersion7", () => Guid.CreateVersion7());
        var data = new byte[220];
        var digest = new byte[32];
        Measure("SHA256.HashData (220 bytes)", () => System.Security.Cryptography.SHA256.HashData(data, digest));
        using var incremental = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        Measure("IncrementalHash reused (220 bytes)", () =>
        {
            incremental.AppendData(data);
            return incremental.GetHashAndReset(digest);
        });
        var variables = new Dictionary<string, object?> { ["a"] = "x", ["b"] = 2.0, ["c"] = true };
        Measure("variables serialize (3)", () => Iso.Workflows.Definitions.VariableValues.Serialize(variables));
        var json = Iso.Workflows.Definitions.VariableValues.Serialize(variables);
        Measure("variables deserialize (3)", () => Iso.Workflows.Definitions.VariableValues.Deserialize(json));
    }

    private static void Measure(string what, Func<object> body)
    {
        const int N = 200_000;
        for (var i = 0; i < N / 10; i++)
        {
            body();
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < N; i++)
        {
            body();
        }

        var ns = Stopwatch.GetElapsedTime(started).TotalMilliseconds * 1e6 / N;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what}: {ns:F0} ns, {(GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)N:F0} bytes (wall clock, single thread)"));
    }
}
