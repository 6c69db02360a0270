namespace Iso.Workflows.Expressions;

/// <summary>Sandbox limits for decision conditions (bound from configuration section <c>Iso:Workflows:Expressions</c>).</summary>
public sealed class ExpressionOptions
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(200);

    public long MemoryLimitBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxStatements { get; set; } = 10_000;

    public int RecursionLimit { get; set; } = 64;
}
