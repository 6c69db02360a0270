namespace Iso.Workflows.Journal;

/// <summary>
/// The secret that anchors each case's journal head in a keyed checkpoint (ADR 0009). It is kept outside the database,
/// so someone who can write the database may rewrite a case's entries and recompute their hashes, but cannot make the
/// checkpoint match. The engine knows only this interface; the host supplies the key (<c>Iso.Data</c> reads it from a
/// key file or configuration; <see cref="HmacJournalCheckpointKey.CreateRandom"/> serves in-memory stores and tests).
/// </summary>
public interface IJournalCheckpointKey
{
    /// <summary>A short public name of the key (not secret), stored with each checkpoint, so that a checkpoint made with
    /// another key (another node's, an earlier one) is told apart from one that does not match.</summary>
    string KeyId { get; }

    /// <summary>Writes HMAC-SHA256 of <paramref name="message"/> under the key into <paramref name="destination"/> (32 bytes).</summary>
    void ComputeMac(ReadOnlySpan<byte> message, Span<byte> destination);
}
