namespace Iso.Workflows.Expressions;

/// <summary>Sandbox limits for decision conditions (bound from configuration section <c>Iso:Workflows:Expressions</c>).</summary>
public sealed class ExpressionOptions
{
    /// <summary>Wall-clock backstop. <see cref="MaxStatements"/>, <see cref="RecursionLimit"/> and
    /// <see cref="MemoryLimitBytes"/> stop a runaway condition deterministically; a clock also counts the time the thread
    /// waits for a core, and at 200 ms a one-line condition timed out on a loaded two-core server (a seeding run of
    /// 515,000 cases failed on one), so the backstop is far above any real condition's cost.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    public long MemoryLimitBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxStatements { get; set; } = 10_000;

    public int RecursionLimit { get; set; } = 64;
}
