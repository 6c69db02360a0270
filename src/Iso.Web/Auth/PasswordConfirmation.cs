using Iso.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace Iso.Web.Auth;

/// <summary>
/// A signature asks for the password again (21 CFR Part 11 §11.200: a signing is one of the person's own, deliberate
/// acts, not only "someone is signed in on this screen"). A wrong password counts towards the account's lockout like a
/// failed sign-in. Runs in its own scope, so a Blazor circuit's long-lived identity services are never reused.
/// </summary>
public sealed class PasswordConfirmation(IServiceScopeFactory scopes)
{
    /// <summary>The person's printed name (as it is now) when the password is theirs and the account may sign; else null.</summary>
    public async Task<string?> ConfirmAsync(Guid userId, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is not { IsActive: true } || await users.IsLockedOutAsync(user))
        {
            return null;
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return null;
        }

        return user.FullName;
    }
}
