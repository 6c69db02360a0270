using System.Security.Cryptography;
using System.Text;

namespace Iso.Workflows.Journal;

/// <summary>An <see cref="IJournalCheckpointKey"/> over a secret of at least 32 bytes: HMAC-SHA256, and a key id derived
/// from the secret (so every node holding the same secret reports the same id, and the id reveals nothing of it).</summary>
public sealed class HmacJournalCheckpointKey : IJournalCheckpointKey
{
    /// <summary>The size of a secret this class creates, and the least it accepts.</summary>
    public const int SecretBytes = 32;

    private static readonly byte[] KeyIdLabel = Encoding.ASCII.GetBytes("iso-journal-checkpoint-key-id");

    private readonly byte[] _secret;

    public HmacJournalCheckpointKey(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < SecretBytes)
        {
            throw new ArgumentException($"A journal checkpoint key needs at least {SecretBytes} bytes of secret, got {secret.Length}.", nameof(secret));
        }

        _secret = secret.ToArray();
        Span<byte> id = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, KeyIdLabel, id);
        KeyId = Convert.ToHexStringLower(id[..4]);
    }

    public string KeyId { get; }

    /// <summary>A key with a fresh random secret: for in-memory stores and tests, where nothing outlives the process.</summary>
    public static HmacJournalCheckpointKey CreateRandom() => new(RandomNumberGenerator.GetBytes(SecretBytes));

    public void ComputeMac(ReadOnlySpan<byte> message, Span<byte> destination) => HMACSHA256.HashData(_secret, message, destination);
}
