using System.Text;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace Iso.Web.Accounts;

/// <summary>The signed-in person's two-factor sign-in: whether it is on or required, and while it is being set up
/// the authenticator key, its <c>otpauth://</c> URI and the URI as an inline SVG QR code.</summary>
public sealed record TwoFactorStatus(
    bool Enabled, bool Required, int RecoveryCodesLeft, string? SharedKey, string? AuthenticatorUri, string? QrCodeSvg);

/// <summary>Enrolling an authenticator app (Identity's authenticator token provider: TOTP, RFC 6238, 6 digits, 30 s),
/// with recovery codes. Used by the enrolment page, which renders per request (static server rendering): each change
/// here gives the account a new security stamp, so the page renews the person's sign-in right after it.</summary>
public sealed class TwoFactorEnrolment(UserManager<IsoUser> users, AccountStates accountStates)
{
    public const string Issuer = "ISO điện tử";
    public const int RecoveryCodeCount = 10;

    public async Task<Result<TwoFactorStatus>> GetAsync(Caller caller)
    {
        var user = await FindAsync(caller);
        if (user is null)
        {
            return Problem.NotSignedIn();
        }

        var required = accountStates.RequiresTwoFactor(caller.Principal);
        if (user.TwoFactorEnabled)
        {
            return new TwoFactorStatus(true, required, await users.CountRecoveryCodesAsync(user), null, null, null);
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            return new TwoFactorStatus(false, required, 0, null, null, null);
        }

        var uri = AuthenticatorUri(user.UserName!, key);
        return new TwoFactorStatus(false, required, 0, FormatKey(key), uri, QrSvg(uri));
    }

    /// <summary>Makes a new authenticator key (any earlier, unconfirmed one stops working).</summary>
    public async Task<Result> StartAsync(Caller caller)
    {
        var user = await FindAsync(caller);
        if (user is null)
        {
            return Problem.NotSignedIn();
        }

        if (user.TwoFactorEnabled)
        {
            return Problem.Conflict("TwoFactor_AlreadyOn");
        }

        await users.ResetAuthenticatorKeyAsync(user);
        return Result.Success;
    }

    /// <summary>Turns two-factor sign-in on when <paramref name="code"/> is the app's current code; returns the recovery
    /// codes, shown once.</summary>
    public async Task<Result<IReadOnlyList<string>>> EnableAsync(Caller caller, string? code)
    {
        var user = await FindAsync(caller);
        if (user is null)
        {
            return Problem.NotSignedIn();
        }

        if (new Validation().Required("code", code, 20).Problem is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            return Problem.Conflict("TwoFactor_NotStarted");
        }

        var clean = code!.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, clean))
        {
            return Problem.Invalid("code", "TwoFactor_CodeWrong");
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        return Result.Ok<IReadOnlyList<string>>([.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []]);
    }

    /// <summary>New recovery codes (the old ones stop working), shown once.</summary>
    public async Task<Result<IReadOnlyList<string>>> NewRecoveryCodesAsync(Caller caller)
    {
        var user = await FindAsync(caller);
        if (user is null)
        {
            return Problem.NotSignedIn();
        }

        if (!user.TwoFactorEnabled)
        {
            return Problem.Conflict("TwoFactor_NotOn");
        }

        return Result.Ok<IReadOnlyList<string>>([.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []]);
    }

    /// <summary>Turns two-factor sign-in off and forgets the key; refused when the person's role requires it.</summary>
    public async Task<Result> DisableAsync(Caller caller)
    {
        var user = await FindAsync(caller);
        if (user is null)
        {
            return Problem.NotSignedIn();
        }

        if (accountStates.RequiresTwoFactor(caller.Principal))
        {
            return Problem.Conflict("TwoFactor_Required");
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        return Result.Success;
    }

    public static string AuthenticatorUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    private async Task<IsoUser?> FindAsync(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsSignedIn ? await users.FindByIdAsync(caller.UserId.ToString()) : null;
    }

    /// <summary>The key in groups of four, as authenticator apps show it when typed in by hand.</summary>
    private static string FormatKey(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return result.ToString().TrimEnd().ToLowerInvariant();
    }

    private static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
