using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Iso.Web.Auth;

/// <summary>Sign-in protection and session checks, bound from <c>Iso:SignIn</c> (ADR 0007).</summary>
public sealed class IsoSignInOptions
{
    public const string SectionName = "Iso:SignIn";

    /// <summary>The throttle window: a refused client or account may try again at most this long after its last attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sign-in and refresh requests one client address may send per window.</summary>
    [Range(1, 100_000)]
    public int PermitsPerAddress { get; set; } = 30;

    /// <summary>Password attempts per window against one account (normalised user name), from any address.</summary>
    [Range(1, 100_000)]
    public int PermitsPerAccount { get; set; } = 5;

    /// <summary>How long an account's state (active, locked, security stamp) is trusted before it is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan AccountStateCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an open Blazor circuit re-checks its account.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CircuitRevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Roles whose accounts must sign in with an authenticator app (e.g. Administrator, Auditor): without it
    /// enrolled they are sent to the enrolment page after signing in and can use nothing else (ADR 0012).</summary>
    [SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Bound from configuration.")]
    public List<string> RequireTwoFactorForRoles { get; set; } = [];
}
