using Iso.Data;
using Iso.Data.History;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Accounts;

/// <summary>A person sets a new password with their user name and current one (the API, before any token: a one-time
/// password gets none). With two-factor sign-in on, the authenticator's code is needed too.</summary>
public sealed record ChangePasswordRequest(string? UserName, string? CurrentPassword, string? NewPassword, string? TwoFactorCode = null);

/// <summary>The signed-in person changes their own password (the change-password page).</summary>
public sealed record ChangeOwnPasswordRequest(string? CurrentPassword, string? NewPassword, string? ConfirmPassword);

/// <summary>Changing one's own password: checks the current one (one answer and one cost for every failure, as
/// sign-in, ADR 0007), applies the password rules, clears <see cref="IsoUser.MustChangePassword"/> and ends the
/// account's other sessions (new security stamp). The history names the person.</summary>
public sealed class ChangePassword(
    IDbContextFactory<IsoDbContext> contexts,
    ILookupNormalizer normalizer,
    IPasswordHasher<IsoUser> hasher,
    UserManager<IsoUser> users,
    SignInManager<IsoUser> signIn,
    AccountStates accountStates,
    TimeProvider clock)
{
    public const int MaxPasswordLength = 256;

    /// <summary>Whether the caller signed in with a one-time password and must change it before anything else.</summary>
    public async Task<bool> IsRequiredAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return caller.IsSignedIn && await db.Users.AsNoTracking().AnyAsync(u => u.Id == caller.UserId && u.MustChangePassword, cancellationToken);
    }

    public async Task<Result> HandleAsync(ChangePasswordRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = new Validation()
            .Required("userName", request.UserName, TextLimits.UserName)
            .Required("currentPassword", request.CurrentPassword, MaxPasswordLength)
            .Required("newPassword", request.NewPassword, MaxPasswordLength);
        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await AccountRules.FindAsync(db, normalizer, request.UserName!, cancellationToken);
        if (user?.PasswordHash is null)
        {
            (signIn as IsoSignInManager)?.VerifyDecoy(request.CurrentPassword!);
            return Problem.Of(ProblemKind.NotSignedIn, new Message("Auth_ChangePasswordFailed"));
        }

        var verified = hasher.VerifyHashedPassword(user, user.PasswordHash, request.CurrentPassword!) != PasswordVerificationResult.Failed;
        if (!verified || !user.IsActive || user.LockoutEnd > clock.GetUtcNow())
        {
            return Problem.Of(ProblemKind.NotSignedIn, new Message("Auth_ChangePasswordFailed"));
        }

        if (user.TwoFactorEnabled)
        {
            if (Validation.IsBlank(request.TwoFactorCode))
            {
                return Problem.Of(ProblemKind.NotSignedIn, new Message("Auth_TwoFactorCodeRequired"));
            }

            var code = request.TwoFactorCode!.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                return Problem.Of(ProblemKind.NotSignedIn, new Message("Auth_TwoFactorCodeWrong"));
            }
        }

        return await SetAsync(db, user, request.CurrentPassword!, request.NewPassword!, cancellationToken);
    }

    public async Task<Result> HandleAsync(Caller caller, ChangeOwnPasswordRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        var validation = new Validation()
            .Required("currentPassword", request.CurrentPassword, MaxPasswordLength)
            .Required("newPassword", request.NewPassword, MaxPasswordLength)
            .Required("confirmPassword", request.ConfirmPassword, MaxPasswordLength);
        if (!Validation.IsBlank(request.NewPassword) && !Validation.IsBlank(request.ConfirmPassword)
            && !string.Equals(request.NewPassword, request.ConfirmPassword, StringComparison.Ordinal))
        {
            validation.Add("confirmPassword", "Auth_PasswordsDiffer");
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == caller.UserId, cancellationToken);
        if (user?.PasswordHash is null)
        {
            return Problem.NotSignedIn();
        }

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, request.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            return Problem.Invalid("currentPassword", "Auth_CurrentPasswordWrong");
        }

        return await SetAsync(db, user, request.CurrentPassword!, request.NewPassword!, cancellationToken);
    }

    private async Task<Result> SetAsync(IsoDbContext db, IsoUser user, string current, string next, CancellationToken cancellationToken)
    {
        if (string.Equals(current, next, StringComparison.Ordinal))
        {
            return Problem.Invalid("newPassword", "Auth_PasswordUnchanged");
        }

        var errors = new List<Message>();
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, next);
            errors.AddRange(check.Errors.Select(e => PasswordRuleMessage(e, users.Options.Password)));
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(new Dictionary<string, IReadOnlyList<Message>> { ["newPassword"] = errors });
        }

        db.ActingAs(new AccountOwner(user));
        user.PasswordHash = hasher.HashPassword(user, next);
        user.MustChangePassword = false;
        user.SecurityStamp = AccountRules.NewStamp();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(cancellationToken);
        accountStates.Evict(user.Id);
        return Result.Success;
    }

    /// <summary>Identity's password rules in the reader's language (its own descriptions are English only).</summary>
    private static Message PasswordRuleMessage(IdentityError error, PasswordOptions rules) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => new Message("Password_TooShort", rules.RequiredLength),
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => new Message("Password_RequiresUniqueChars", rules.RequiredUniqueChars),
        nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => new Message("Password_RequiresNonAlphanumeric"),
        nameof(IdentityErrorDescriber.PasswordRequiresDigit) => new Message("Password_RequiresDigit"),
        nameof(IdentityErrorDescriber.PasswordRequiresLower) => new Message("Password_RequiresLower"),
        nameof(IdentityErrorDescriber.PasswordRequiresUpper) => new Message("Password_RequiresUpper"),
        _ => Message.Verbatim(error.Description),
    };

    /// <summary>The history's actor when a person changes their own password, signed in or not.</summary>
    private sealed class AccountOwner(IsoUser user) : ICurrentActor
    {
        public Guid? UserId => user.Id;

        public string UserName => user.UserName ?? "unknown";

        public Guid? AgencyId => user.AgencyId;
    }
}
