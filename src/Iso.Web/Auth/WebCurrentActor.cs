using System.Security.Claims;
using Iso.Data.History;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Iso.Web.Auth;

/// <summary>The data layer's <see cref="ICurrentActor"/> for the web: the person of the Blazor circuit or of the
/// HTTP request; start-up work and background jobs (no request, no circuit) act as <see cref="SystemActor"/>.</summary>
internal sealed class WebCurrentActor(CircuitUser circuitUser, IHttpContextAccessor httpContextAccessor) : ICurrentActor
{
    private ClaimsPrincipal? Principal => circuitUser.User ?? httpContextAccessor.HttpContext?.User;

    private bool IsSystem => Principal is null;

    private bool IsSignedIn => Principal?.Identity?.IsAuthenticated == true;

    public Guid? UserId => IsSignedIn ? Principal!.GetUserId() : null;

    public string UserName => IsSystem ? SystemActor.Instance.UserName
        : IsSignedIn ? Principal!.Identity!.Name ?? "unknown"
        : "anonymous";

    public Guid? AgencyId => IsSignedIn ? Principal!.GetAgencyId() : null;
}

/// <summary>The signed-in person of the current Blazor circuit (HttpContext is not reliable inside a circuit).</summary>
internal sealed class CircuitUser
{
    public ClaimsPrincipal? User { get; set; }
}

/// <summary>Keeps <see cref="CircuitUser"/> in step with the circuit's authentication state.</summary>
internal sealed class CircuitUserHandler(AuthenticationStateProvider authenticationStateProvider, CircuitUser circuitUser)
    : CircuitHandler, IDisposable
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authenticationStateProvider.AuthenticationStateChanged += OnAuthenticationChanged;
        return base.OnCircuitOpenedAsync(circuit, cancellationToken);
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) =>
        circuitUser.User = (await authenticationStateProvider.GetAuthenticationStateAsync()).User;

    public void Dispose() => authenticationStateProvider.AuthenticationStateChanged -= OnAuthenticationChanged;

    private void OnAuthenticationChanged(Task<AuthenticationState> task) => _ = UpdateAsync(task);

    private async Task UpdateAsync(Task<AuthenticationState> task) => circuitUser.User = (await task).User;
}
