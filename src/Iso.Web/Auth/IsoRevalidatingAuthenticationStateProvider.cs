using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Iso.Web.Auth;

/// <summary>Re-checks an open Blazor circuit every <see cref="IsoSignInOptions.CircuitRevalidationInterval"/> (the same
/// cached check as every request) so that a deactivated or locked person or a changed security stamp (new password,
/// new roles) ends the session without waiting for a reload.</summary>
internal sealed class IsoRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory, AccountStates accountStates, IOptions<IsoSignInOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.CircuitRevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        return await accountStates.IsCurrentAsync(authenticationState.User, scope.ServiceProvider, cancellationToken);
    }
}
