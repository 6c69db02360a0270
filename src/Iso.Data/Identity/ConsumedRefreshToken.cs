namespace Iso.Data.Identity;

/// <summary>A refresh token that has been exchanged once: refresh tokens rotate, so a second use is refused.
/// The row is kept until the token would have expired anyway, then purged.</summary>
public sealed class ConsumedRefreshToken
{
    /// <summary>The token's id (the <c>iso:token_id</c> claim it carries).</summary>
    public Guid Id { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
