using System.Globalization;
using Iso.Benchmarks.Engines;

namespace Iso.Benchmarks;

/// <summary>Command-line options of the harness; every option is also passed on to the child processes.</summary>
public sealed class BenchOptions
{
    public const string WorkflowCoreName = "workflowcore-mem";
    public const string IsoMemoryName = "iso-mem";
    public const string IsoSqliteName = "iso-sqlite";

    public static readonly string[] AllEngines = [WorkflowCoreName, IsoMemoryName, IsoSqliteName];

    public int Rounds { get; private set; } = 5;

    public int? Cases { get; private set; }

    public int InFlight { get; private set; } = 16;

    public IReadOnlyList<string> Engines { get; private set; } = AllEngines;

    public IReadOnlyList<Scenario> Scenarios { get; private set; } = [Scenario.A, Scenario.B];

    public bool Quick { get; private set; }

    /// <summary>--profile: CPU and allocations per case of our in-memory engine, one case at a time, in this process.</summary>
    public bool Profile { get; private set; }

    public bool SkipCommitProbe { get; private set; }

    public double ProbeSeconds => Quick ? 0.5 : 2.0;

    public int WorkflowCoreIdleMs { get; private set; } = 1;

    public int WorkflowCorePollMs { get; private set; } = 100;

    public int WorkflowCoreMaxWorkflows { get; private set; } = 16;

    public bool WorkflowCoreBuilderWaitFor { get; private set; }

    public string Output { get; private set; } = Path.Combine("bench", "results", "latest.md");

    public string DataDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), "iso-bench");

    /// <summary>Set in a child process: which measurement it runs.</summary>
    public string? ChildEngine { get; private set; }

    public Scenario ChildScenario { get; private set; }

    /// <summary>Set in a child process that measures the raw SQLite commit rate: NORMAL or FULL.</summary>
    public string? ChildProbeSynchronous { get; private set; }

    public bool IsChild => ChildEngine is not null || ChildProbeSynchronous is not null;

    /// <summary>
    /// Measured cases per round: --cases, or a per-scenario default. Kept small on purpose: WorkflowCore's in-memory
    /// provider finds instances and events by scanning lists, so its rate falls as a round (its store) grows.
    /// </summary>
    public int CasesFor(Scenario scenario) => Cases ?? (scenario, Quick) switch
    {
        (Scenario.A, false) => 2_000,
        (Scenario.A, true) => 1_000,
        (Scenario.B, false) => 500,
        _ => 200,
    };

    /// <summary>Cases of the discarded warm-up round: enough for the JIT to reach its optimised tiers.</summary>
    public int WarmupCasesFor(Scenario scenario) => CasesFor(scenario);

    /// <summary>Warm-up rounds repeat until at least this long has passed.</summary>
    public TimeSpan MinimumWarmup => TimeSpan.FromSeconds(Quick ? 2 : 5);

    public WorkflowCoreSettings WorkflowCore => new(
        TimeSpan.FromMilliseconds(WorkflowCoreIdleMs), TimeSpan.FromMilliseconds(WorkflowCorePollMs), WorkflowCoreMaxWorkflows, WorkflowCoreBuilderWaitFor);

    public const string Usage = """
        Iso.Benchmarks — workflow engine throughput and latency (see bench/README.md)

          dotnet run -c Release --project bench/Iso.Benchmarks -- [options]

          --rounds N            measured rounds per engine × scenario (default 5; quick 3)
          --cases N             cases per round for every scenario (default A 2000, B 500; quick A 1000, B 200)
          --inflight N          at most N cases in flight (default 16)
          --engines a,b         any of workflowcore-mem, iso-mem, iso-sqlite (default all available)
          --scenarios A,B       default A,B
          --quick               fewer rounds and cases, shorter commit probe: a smoke run, not a measurement
          --profile             CPU ms and bytes allocated per case of iso-mem, one case in flight (engine hot-path check)
          --no-commit-probe     skip the raw SQLite commit-rate measurement
          --wfc-idle-ms N       WorkflowCore IdleTime (default 1)
          --wfc-poll-ms N       WorkflowCore PollInterval (default 100)
          --wfc-max-workflows N WorkflowCore MaxConcurrentWorkflows (default 16)
          --wfc-builder-waitfor human steps as builder WaitFor(name, d => d.Key) (compiles expressions per run)
          --out FILE            Markdown report (default bench/results/latest.md)
          --data-dir DIR        where SQLite files go (default: system temp/iso-bench)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        var roundsGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"Option {name} needs a value.");
            int Positive()
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new ArgumentException($"Option {name}: '{text}' is not a positive whole number.");
            }

            switch (name)
            {
                case "--rounds": o.Rounds = Positive(); roundsGiven = true; break;
                case "--cases": o.Cases = Positive(); break;
                case "--inflight": o.InFlight = Positive(); break;
                case "--engines": o.Engines = ParseEngines(Value()); break;
                case "--scenarios": o.Scenarios = ParseScenarios(Value()); break;
                case "--quick": o.Quick = true; break;
                case "--profile": o.Profile = true; break;
                case "--no-commit-probe": o.SkipCommitProbe = true; break;
                case "--wfc-idle-ms": o.WorkflowCoreIdleMs = Positive(); break;
                case "--wfc-poll-ms": o.WorkflowCorePollMs = Positive(); break;
                case "--wfc-max-workflows": o.WorkflowCoreMaxWorkflows = Positive(); break;
                case "--wfc-builder-waitfor": o.WorkflowCoreBuilderWaitFor = true; break;
                case "--out": o.Output = Value(); break;
                case "--data-dir": o.DataDirectory = Value(); break;
                case "--child-engine": o.ChildEngine = ParseEngines(Value()).Single(); break;
                case "--child-scenario": o.ChildScenario = ParseScenarios(Value()).Single(); break;
                case "--child-probe": o.ChildProbeSynchronous = ParseSynchronous(Value()); break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (o.Quick && !roundsGiven)
        {
            o.Rounds = 3;
        }

        return o;
    }

    /// <summary>The options a child needs, in command-line form.</summary>
    public List<string> ToChildArguments()
    {
        var list = new List<string>
        {
            "--rounds", Inv(Rounds), "--inflight", Inv(InFlight),
            "--wfc-idle-ms", Inv(WorkflowCoreIdleMs), "--wfc-poll-ms", Inv(WorkflowCorePollMs),
            "--wfc-max-workflows", Inv(WorkflowCoreMaxWorkflows), "--data-dir", DataDirectory,
        };
        if (Cases is { } c)
        {
            list.AddRange(["--cases", Inv(c)]);
        }

        if (Quick)
        {
            list.Add("--quick");
        }

        if (WorkflowCoreBuilderWaitFor)
        {
            list.Add("--wfc-builder-waitfor");
        }

        return list;
    }

    private static string Inv(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string[] ParseEngines(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var n in names)
        {
            if (!AllEngines.Contains(n, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Unknown engine '{n}'; expected one of {string.Join(", ", AllEngines)}.");
            }
        }

        return names.Length > 0 ? names : throw new ArgumentException("--engines needs at least one engine.");
    }

    private static Scenario[] ParseScenarios(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new List<Scenario>();
        foreach (var p in parts)
        {
            result.Add(p.ToUpperInvariant() switch
            {
                "A" => Scenario.A,
                "B" => Scenario.B,
                _ => throw new ArgumentException($"Unknown scenario '{p}'; expected A or B."),
            });
        }

        return result.Count > 0 ? [.. result] : throw new ArgumentException("--scenarios needs at least one scenario.");
    }

    private static string ParseSynchronous(string text) => text.ToUpperInvariant() switch
    {
        "NORMAL" => "NORMAL",
        "FULL" => "FULL",
        _ => throw new ArgumentException($"Unknown synchronous setting '{text}'; expected NORMAL or FULL."),
    };
}
