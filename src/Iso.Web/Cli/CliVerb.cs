namespace Iso.Web.Cli;

/// <summary>One command of the executable, e.g. <c>migrate</c> or <c>workflows validate &lt;path&gt;</c>.</summary>
/// <param name="Name">The words that select the verb, separated by single spaces.</param>
/// <param name="Arguments">How the arguments after the verb are written in the usage text (may be empty).</param>
/// <param name="Description">One line for the usage text.</param>
/// <param name="RunAsync">Runs the command and returns the process exit code.</param>
public sealed record CliVerb(string Name, string Arguments, string Description, Func<CliInvocation, Task<int>> RunAsync)
{
    public IReadOnlyList<string> Words { get; } = Name.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool Matches(IReadOnlyList<string> args) =>
        args.Count >= Words.Count && Words.Select((word, i) => string.Equals(word, args[i], StringComparison.OrdinalIgnoreCase)).All(match => match);
}
