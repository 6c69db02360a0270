using Microsoft.Extensions.Options;

namespace Iso.Data;

/// <summary>The data layer's settings, bound from the <c>Iso</c> configuration section.</summary>
public sealed class IsoOptions
{
    public const string SectionName = "Iso";

    /// <summary>Folder of the SQLite file (and other local data); relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Create the demo province and its people at start-up (idempotent). Unset means "only in the Development
    /// environment" (the web host decides); a production install never gets the demo accounts unless asked.</summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>Cases played through the engine into a demo database that has none yet, at start-up, so a new user finds
    /// an inbox, case lists and statistics with data (bulk path, ADR 0027). Unset means 300 in Development, none elsewhere.</summary>
    public int? DemoCases { get; set; }

    /// <summary>Outside Development the web host refuses to start while an enabled demo account keeps the published demo
    /// password; true allows it, for a demonstration or training server only.</summary>
    public bool AllowDemoPasswords { get; set; }

    /// <summary>The data directory as an absolute path.</summary>
    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);

    /// <summary>The configured provider; only meaningful after validation.</summary>
    public DatabaseProvider Provider =>
        IsoOptionsValidator.TryParseProvider(Database.Provider, out var provider)
            ? provider
            : throw new OptionsValidationException(SectionName, typeof(IsoOptions), [IsoOptionsValidator.ProviderMessage(Database.Provider)]);

    /// <summary>The connection string to use: the configured one, or for SQLite the file <c>iso.db</c> in the data directory.</summary>
    public string ResolvedConnectionString =>
        !string.IsNullOrWhiteSpace(Database.ConnectionString)
            ? Database.ConnectionString
            : Provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine(DataDirectoryFullPath, "iso.db")}"
                : throw new OptionsValidationException(SectionName, typeof(IsoOptions), [IsoOptionsValidator.PostgreSqlNeedsConnectionString]);
}

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (default, embedded) or <c>PostgreSql</c> (shared server for several nodes).</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    public string? ConnectionString { get; set; }
}

public enum DatabaseProvider
{
    Sqlite = 0,
    PostgreSql = 1,
}

/// <summary>Checks <see cref="IsoOptions"/> at start-up so a wrong value stops the app with a message naming the key.</summary>
public sealed class IsoOptionsValidator : IValidateOptions<IsoOptions>
{
    internal const string PostgreSqlNeedsConnectionString =
        "Iso:Database:ConnectionString is required when Iso:Database:Provider is PostgreSql (e.g. \"Host=db;Database=iso;Username=iso;Password=…\").";

    internal static string ProviderMessage(string? value) =>
        $"Iso:Database:Provider must be Sqlite or PostgreSql, was '{value}'.";

    /// <summary>Accepts the provider names only (case-insensitive), never enum numbers such as "1".</summary>
    internal static bool TryParseProvider(string? value, out DatabaseProvider provider)
    {
        provider = default;
        return !string.IsNullOrWhiteSpace(value)
            && !char.IsDigit(value.Trim()[0])
            && !value.Contains(',', StringComparison.Ordinal)
            && Enum.TryParse(value.Trim(), ignoreCase: true, out provider)
            && Enum.IsDefined(provider);
    }

    public ValidateOptionsResult Validate(string? name, IsoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Iso:DataDirectory must not be empty (default: ./data under the working directory).");
        }
        else if (options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"Iso:DataDirectory contains characters that are not allowed in a path, was '{options.DataDirectory}'.");
        }

        if (options.Database is null)
        {
            failures.Add("Iso:Database must be a section with Provider and ConnectionString.");
            return ValidateOptionsResult.Fail(failures);
        }

        if (!TryParseProvider(options.Database.Provider, out var provider))
        {
            failures.Add(ProviderMessage(options.Database.Provider));
        }
        else if (provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            failures.Add(PostgreSqlNeedsConnectionString);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
