using Iso.Benchmarks;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

try
{
    return options.Profile ? await Iso.Benchmarks.Measurement.CostProfile.RunAsync(options)
        : options.IsChild ? await Orchestrator.RunChildAsync(options) : await Orchestrator.RunAsync(options);
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OperationCanceledException)
{
    // A stalled round, a case that did not complete or a failed child: no numbers rather than wrong ones.
    Console.Error.WriteLine($"Benchmark failed: {ex.Message}");
    return 1;
}
