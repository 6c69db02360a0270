using System.Security.Cryptography;
using Iso.Workflows.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Iso.Data.Workflows;

/// <summary>
/// Loads the key of the journal checkpoints (ADR 0009) from configuration or its key file, creating the file with a
/// random secret on first start. The file is created with an exclusive create (O_EXCL: one creator wins, on a shared
/// folder too) and written in one write; a node that finds it still empty waits for the winner's write, so nodes
/// starting at once on a shared key file all end up with the same key. (A temporary file moved into place is not
/// enough: where the file system cannot hard-link, .NET's no-overwrite move falls back to a check and a rename, and a
/// second rename replaces the first key.)
/// </summary>
internal static class JournalKeyStore
{
    private static readonly TimeSpan EmptyFileWait = TimeSpan.FromSeconds(5);

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
            TryCreate(path, logger);
        }

        var text = ReadWritten(path);
        var secret = Decode(text)
            ?? throw new InvalidOperationException(text.Length == 0
                ? $"The journal key file '{path}' is empty (a start that created it was interrupted?). Delete it to create a new key, or restore the key from its backup (Iso:Journal:KeyFile)."
                : $"The journal key file '{path}' does not hold base64 of at least {HmacJournalCheckpointKey.SecretBytes} bytes (Iso:Journal:KeyFile).");
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

    /// <summary>The file's text; while it is empty (its creator has not written yet), waits a little for the write.</summary>
    private static string ReadWritten(string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (IOException) when (waited.Elapsed <= EmptyFileWait)
            {
                text = ""; // Still held by its creator where the system shares no reads with a writer.
            }

            if (text.Length > 0 || waited.Elapsed > EmptyFileWait)
            {
                return text;
            }

            Thread.Sleep(20);
        }
    }

    private static void TryCreate(string path, ILogger logger)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(HmacJournalCheckpointKey.SecretBytes)) + "\n");
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, streamOptions);
        }
        catch (IOException) when (File.Exists(path))
        {
            return; // Another node or process created it first: use theirs.
        }

        using (stream)
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        logger.LogWarning(
            "Created the journal checkpoint key {KeyFile}. Keep it apart from database backups, back it up on its own, and give every node the same key (ADR 0009).",
            path);
    }
}
