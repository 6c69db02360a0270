using System.Security.Cryptography;
using Iso.Workflows.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Iso.Data.Workflows;

/// <summary>
/// Loads the key of the journal checkpoints (ADR 0009) from configuration or its key file, creating the file with a
/// random secret on first start. The file is written whole under a temporary name and then moved into place, so two
/// nodes starting at once on a shared key file end up with the same key.
/// </summary>
internal static class JournalKeyStore
{
    public static IJournalCheckpointKey Load(JournalKeyOptions options, IsoOptions isoOptions, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isoOptions);
        if (!string.IsNullOrWhiteSpace(options.Key))
        {
            return new HmacJournalCheckpointKey(Decode(options.Key)
                ?? throw new InvalidOperationException("Iso:Journal:Key is not base64 of at least 32 bytes."));
        }

        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(options.KeyFile)
            ? JournalKeyOptions.DefaultKeyFile(isoOptions.DataDirectoryFullPath)
            : options.KeyFile);
        if (!File.Exists(path))
        {
            Create(path, logger);
        }

        var secret = Decode(File.ReadAllText(path))
            ?? throw new InvalidOperationException(
                $"The journal key file '{path}' does not hold base64 of at least {HmacJournalCheckpointKey.SecretBytes} bytes (Iso:Journal:KeyFile).");
        return new HmacJournalCheckpointKey(secret);
    }

    /// <summary>The secret in <paramref name="base64"/>, or null when it is not base64 of at least 32 bytes.</summary>
    public static byte[]? Decode(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written >= HmacJournalCheckpointKey.SecretBytes
            ? buffer[..written]
            : null;
    }

    private static void Create(string path, ILogger logger)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(HmacJournalCheckpointKey.SecretBytes)) + "\n";
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, streamOptions))
        {
            writer.Write(text);
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            logger.LogWarning(
                "Created the journal checkpoint key {KeyFile}. Keep it apart from database backups, back it up on its own, and give every node the same key (ADR 0009).",
                path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            File.Delete(temporary);
        }
    }
}
