namespace Iso.Web.Cli;

/// <summary>A verb's own options (<c>--user NAME</c>, <c>--user=NAME</c>, flags), apart from the host's configuration
/// settings (<c>--Iso:…=…</c>), which go to <see cref="CliInvocation.BuildApplication"/> untouched.</summary>
public sealed class CliOptions
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    private CliOptions(IReadOnlyList<string> settings) => Settings = settings;

    /// <summary>The <c>--Iso:…</c> configuration arguments.</summary>
    public IReadOnlyList<string> Settings { get; }

    /// <summary>Parses the arguments; <paramref name="error"/> names the first argument that is not one of
    /// <paramref name="valued"/> (which take a value) or <paramref name="flags"/>.</summary>
    public static CliOptions Parse(IReadOnlyList<string> arguments, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags, out string? error)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var settings = arguments.Where(IsSetting).ToList();
        var options = new CliOptions(settings);
        error = null;
        var own = arguments.Where(a => !IsSetting(a)).ToList();
        for (var i = 0; i < own.Count; i++)
        {
            var (name, inline) = Split(own[i]);
            if (flags.Contains(name) && inline is null)
            {
                options._values[name] = null;
            }
            else if (valued.Contains(name))
            {
                var value = inline ?? (i + 1 < own.Count && !own[i + 1].StartsWith("--", StringComparison.Ordinal) ? own[++i] : null);
                if (string.IsNullOrEmpty(value))
                {
                    error = $"Tuỳ chọn {name} cần một giá trị.";
                    return options;
                }

                if (!options._values.TryAdd(name, value))
                {
                    error = $"Tuỳ chọn {name} chỉ được cho một lần.";
                    return options;
                }
            }
            else
            {
                error = $"Đối số không hợp lệ: '{own[i]}'.";
                return options;
            }
        }

        return options;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.GetValueOrDefault(name);

    private static bool IsSetting(string argument) => argument.StartsWith("--Iso:", StringComparison.OrdinalIgnoreCase)
        || argument.StartsWith("--Iso__", StringComparison.OrdinalIgnoreCase)
        || argument.StartsWith("--environment", StringComparison.OrdinalIgnoreCase);

    private static (string Name, string? Value) Split(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return argument.StartsWith("--", StringComparison.Ordinal) && equals > 2
            ? (argument[..equals], argument[(equals + 1)..])
            : (argument, null);
    }
}
