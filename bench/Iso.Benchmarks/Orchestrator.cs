using System.Diagnostics;
using System.Text.Json;
using Iso.Benchmarks.Engines;
using Iso.Benchmarks.Measurement;
using Iso.Benchmarks.Reporting;

namespace Iso.Benchmarks;

/// <summary>
/// The parent process: runs every measurement in a child process of its own (so CPU time and peak memory belong to one
/// engine × scenario), collects their results and writes the report.
/// </summary>
public static class Orchestrator
{
    public const string ResultMarker = "##RESULT ";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var report = new BenchReport(options, DateTimeOffset.Now);
        if (!options.SkipCommitProbe)
        {
            foreach (var sync in new[] { "NORMAL", "FULL" })
            {
                var probe = await RunChildAsync<CommitProbeResult>(options, ["--child-probe", sync]);
                report.Probes.Add(probe);
            }
        }

        foreach (var engine in options.Engines)
        {
            if (EngineCatalog.Unavailable(engine) is { } reason)
            {
                Console.Error.WriteLine($"[{engine}] not measured: {reason}");
                report.NotMeasured[engine] = reason;
                continue;
            }

            foreach (var scenario in options.Scenarios)
            {
                var result = await RunChildAsync<MeasurementResult>(options, ["--child-engine", engine, "--child-scenario", scenario.ToString()]);
                report.Measurements.Add(result);
            }
        }

        var markdown = report.ToMarkdown();
        Console.WriteLine(markdown);
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Output));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(options.Output, markdown);
        Console.Error.WriteLine($"Report written to {Path.GetFullPath(options.Output)}");
        return 0;
    }

    private static async Task<T> RunChildAsync<T>(BenchOptions options, IEnumerable<string> childArgs)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? throw new InvalidOperationException("The harness cannot find its own executable."),
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };

        // Started as "dotnet Iso.Benchmarks.dll": the child needs the dll too.
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(Orchestrator).Assembly.Location);
        }

        foreach (var a in options.ToChildArguments().Concat(childArgs))
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start a child process.");
        string? resultLine = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ResultMarker, StringComparison.Ordinal))
            {
                resultLine = line[ResultMarker.Length..];
            }
            else
            {
                Console.Error.WriteLine(line);
            }
        }

        await child.WaitForExitAsync();
        if (child.ExitCode != 0 || resultLine is null)
        {
            throw new InvalidOperationException(
                $"Child '{string.Join(' ', start.ArgumentList)}' failed with exit code {child.ExitCode}{(resultLine is null ? " and no result" : string.Empty)}.");
        }

        return JsonSerializer.Deserialize<T>(resultLine)
            ?? throw new InvalidOperationException($"Child '{string.Join(' ', start.ArgumentList)}' returned an empty result.");
    }

    /// <summary>Entry of a child process: one measurement, printed as one JSON line after <see cref="ResultMarker"/>.</summary>
    public static async Task<int> RunChildAsync(BenchOptions options)
    {
        string json;
        if (options.ChildProbeSynchronous is { } sync)
        {
            json = JsonSerializer.Serialize(await CommitRateProbe.RunAsync(sync, options));
        }
        else
        {
            var engine = EngineCatalog.Create(options.ChildEngine!, options);
            json = JsonSerializer.Serialize(await ScenarioRunner.RunAsync(engine, options.ChildScenario, options));
        }

        Console.WriteLine(ResultMarker + json);
        return 0;
    }
}
