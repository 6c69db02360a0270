using Microsoft.Extensions.Options;

namespace Iso.Data.Workflows;

/// <summary>Where the key of the journal checkpoints comes from (section <see cref="SectionName"/>; ADR 0009). The key
/// is never stored in the database: whoever can write the database must not be able to sign a rewritten journal.</summary>
public sealed class JournalKeyOptions
{
    public const string SectionName = "Iso:Journal";

    /// <summary>The secret itself, base64 (at least 32 bytes), e.g. from an environment variable or a secret store.
    /// Wins over <see cref="KeyFile"/>.</summary>
    public string? Key { get; set; }

    /// <summary>The key file (base64 text); created with a random secret on first start when it does not exist.
    /// Default: <c>keys/journal-checkpoint.key</c> in the data directory. Relative paths are taken from the working directory.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The default key file of a data directory.</summary>
    public static string DefaultKeyFile(string dataDirectory) => Path.Combine(dataDirectory, "keys", "journal-checkpoint.key");
}

/// <summary>Checks <see cref="JournalKeyOptions"/> at start-up: a given key must be base64 of at least 32 bytes, and on
/// PostgreSQL (several nodes share one database) the key must be configured, so that every node uses the same one.</summary>
internal sealed class JournalKeyOptionsValidator(IOptions<IsoOptions> isoOptions) : IValidateOptions<JournalKeyOptions>
{
    internal const string PostgreSqlNeedsSharedKey =
        "Iso:Journal:Key or Iso:Journal:KeyFile is required when Iso:Database:Provider is PostgreSql: every node must sign the journal "
        + "with the same key (a base64 secret of at least 32 bytes, or a key file every node reads; see docs/decisions/0009).";

    public ValidateOptionsResult Validate(string? name, JournalKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Key) && JournalKeyStore.Decode(options.Key) is null)
        {
            return ValidateOptionsResult.Fail(
                $"Iso:Journal:Key must be base64 of at least {Iso.Workflows.Journal.HmacJournalCheckpointKey.SecretBytes} bytes (e.g. `openssl rand -base64 32`).");
        }

        if (string.IsNullOrWhiteSpace(options.Key) && string.IsNullOrWhiteSpace(options.KeyFile) && IsPostgreSql())
        {
            return ValidateOptionsResult.Fail(PostgreSqlNeedsSharedKey);
        }

        return ValidateOptionsResult.Success;
    }

    private bool IsPostgreSql()
    {
        try
        {
            return isoOptions.Value.Provider == DatabaseProvider.PostgreSql;
        }
        catch (OptionsValidationException)
        {
            // A wrong Iso section is reported once, by its own validation.
            return false;
        }
    }
}
