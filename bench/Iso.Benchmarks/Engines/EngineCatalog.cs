namespace Iso.Benchmarks.Engines;

/// <summary>Which engines this build can drive, and how to make one.</summary>
public static class EngineCatalog
{
    /// <summary>Null when the engine can be measured; otherwise why not (printed in the report).</summary>
    public static string? Unavailable(string name) => name switch
    {
        BenchOptions.WorkflowCoreName => null,
        BenchOptions.IsoMemoryName => null,
        BenchOptions.IsoSqliteName => null,
        _ => $"unknown engine '{name}'",
    };

    public static IBenchEngine Create(string name, BenchOptions options) => name switch
    {
        BenchOptions.WorkflowCoreName => new WorkflowCoreEngine(options.WorkflowCore),
        BenchOptions.IsoMemoryName => IsoEngine.InMemory(),
        BenchOptions.IsoSqliteName => IsoEngine.Sqlite(options.DataDirectory),
        _ => throw new ArgumentException($"Engine '{name}' cannot be measured: {Unavailable(name)}.", nameof(name)),
    };
}
