using System.Security.Cryptography;
using System.Text;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Journal;

/// <summary>How a case's checkpoint compares with its journal head.</summary>
public enum JournalCheckpointStatus
{
    /// <summary>Not checked: the chain itself is broken, or no key was given.</summary>
    NotChecked = 0,

    Valid = 1,

    /// <summary>The case has no checkpoint (written before checkpoints existed, or removed).</summary>
    Missing = 2,

    /// <summary>Made with this key but over another head: the journal or the case's head was rewritten without the key.</summary>
    Mismatch = 3,

    /// <summary>Made with another key (another node's, or an earlier one), or not in the checkpoint format.</summary>
    OtherKey = 4,
}

/// <summary>
/// The keyed checkpoint of a case's journal head (ADR 0009): <c>v1:&lt;key id&gt;:&lt;HMAC-SHA256 hex&gt;</c> over the case id,
/// the sequence of its last journal entry and that entry's hash. The engine writes it on the case row with every
/// command that appends to the journal, so it is stored in the same transaction as the entries.
/// </summary>
public static class JournalCheckpoint
{
    private const string Format = "v1";
    private const int MaxMessageBytes = 160;
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("iso-journal-checkpoint/v1\n");

    /// <summary>The checkpoint of the head (<paramref name="sequence"/>, <paramref name="headHash"/>) of case <paramref name="caseId"/>.</summary>
    public static string Compute(IJournalCheckpointKey key, Guid caseId, long sequence, string? headHash)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(key, caseId, sequence, headHash, mac);
        return string.Concat(Format, ":", key.KeyId, ":", Convert.ToHexStringLower(mac));
    }

    /// <summary>The checkpoint of <paramref name="workflowCase"/>'s current journal head.</summary>
    public static string Compute(IJournalCheckpointKey key, WorkflowCaseRecord workflowCase)
    {
        ArgumentNullException.ThrowIfNull(workflowCase);
        return Compute(key, workflowCase.Id, workflowCase.JournalCount, workflowCase.JournalHeadHash);
    }

    /// <summary>Compares the case's stored checkpoint with its head (in constant time).</summary>
    public static JournalCheckpointStatus Check(IJournalCheckpointKey key, WorkflowCaseRecord workflowCase)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(workflowCase);
        var stored = workflowCase.JournalCheckpoint;
        if (string.IsNullOrEmpty(stored))
        {
            return JournalCheckpointStatus.Missing;
        }

        var parts = stored.Split(':');
        if (parts.Length != 3 || parts[0] != Format || !string.Equals(parts[1], key.KeyId, StringComparison.Ordinal))
        {
            return JournalCheckpointStatus.OtherKey;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(key, workflowCase.Id, workflowCase.JournalCount, workflowCase.JournalHeadHash, expected);
        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var parsed = parts[2].Length == 2 * HMACSHA256.HashSizeInBytes
            && Convert.FromHexString(parts[2], actual, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == actual.Length;
        return parsed && CryptographicOperations.FixedTimeEquals(expected, actual) ? JournalCheckpointStatus.Valid : JournalCheckpointStatus.Mismatch;
    }

    /// <summary>The key id a stored checkpoint names, or null when it is not in the checkpoint format.</summary>
    public static string? KeyIdOf(string? checkpoint) =>
        checkpoint?.Split(':') is [Format, var keyId, _] ? keyId : null;

    private static void Mac(IJournalCheckpointKey key, Guid caseId, long sequence, string? headHash, Span<byte> destination)
    {
        // Domain label, then "<case id>\n<sequence>\n<head hash>": fixed-format fields, so no two heads share a message.
        Span<byte> message = stackalloc byte[MaxMessageBytes];
        Domain.CopyTo(message);
        var length = Domain.Length;
        caseId.TryFormat(message[length..], out var written, "D");
        length += written;
        message[length++] = (byte)'\n';
        sequence.TryFormat(message[length..], out written, default, System.Globalization.CultureInfo.InvariantCulture);
        length += written;
        message[length++] = (byte)'\n';
        var hash = headHash ?? string.Empty;
        if (hash.Length > message.Length - length)
        {
            throw new ArgumentException($"A journal head hash of {hash.Length} characters is not a SHA-256 hash.", nameof(headHash));
        }

        length += Encoding.ASCII.GetBytes(hash, message[length..]);
        key.ComputeMac(message[..length], destination);
    }
}
