using System.Globalization;
using System.Security.Claims;
using Bunit;
using Iso.Data;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Calendar;
using Iso.Workflows.Calendar;
using Iso.Web.Organisation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Iso.Web.Tests.TestSupport;

public static class IsoTestServices
{
    /// <summary>MudBlazor services, loose JS interop, the product's real policies with a settable signed-in
    /// person (<see cref="TestAuthenticationStateProvider"/>), localization and a fake organisation directory.</summary>
    public static BunitContext AddIsoTestServices(this BunitContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddTransient<MudBlazor.MudLocalizer, Iso.Web.Localization.IsoMudLocalizer>();
        context.Services.AddLocalization();
        context.Services.AddIsoAuthorization();
        // bUnit pre-registers placeholders that refuse to authorise; the real services evaluate the product's policies.
        context.Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        context.Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        context.Services.AddCascadingAuthenticationState();
        context.Services.AddSingleton<TestAuthenticationStateProvider>();
        context.Services.AddSingleton<AuthenticationStateProvider>(sp => sp.GetRequiredService<TestAuthenticationStateProvider>());
        // The real caller factory; component tests' people carry no unit, so it never needs the database.
        context.Services.AddSingleton<IDbContextFactory<IsoDbContext>, NoDatabase>();
        context.Services.AddScoped<CallerFactory>();
        // The announced calendar without a database: the home page asks which years still need entering.
        context.Services.AddSingleton<ICalendarDataSource, PublishedHolidaysDataSource>();
        context.Services.AddOptions<WorkingCalendarOptions>();
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton<Iso.Web.Cases.CaseClock>();
        context.Services.AddScoped<CalendarStatus>();
        context.Services.AddSingleton<FakeOrganisationDirectory>();
        context.Services.AddSingleton<IOrganisationDirectory>(sp => sp.GetRequiredService<FakeOrganisationDirectory>());
        // The organisation page's changes: component tests open their dialogs but never store (no database, no engine).
        context.Services.AddScoped<OrganisationAdministration>();
        context.Services.AddScoped(sp => new OrganisationSuccession(sp.GetRequiredService<IDbContextFactory<IsoDbContext>>(), null!, null!,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OrganisationSuccession>.Instance));
        context.Services.AddScoped<MergeAgencies>();
        return context;
    }

    public static void SignIn(this BunitContext context, ClaimsPrincipal user) =>
        context.Services.GetRequiredService<TestAuthenticationStateProvider>().User = user;

    public static FakeOrganisationDirectory Directory(this BunitContext context) =>
        context.Services.GetRequiredService<FakeOrganisationDirectory>();

    /// <summary>Sets the UI culture for the rest of the test (it flows into the renderer with the execution context).</summary>
    public static void UseCulture(string name)
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
    }
}

/// <summary>Component tests have no database: pages reach data through (fake) use-case services.</summary>
internal sealed class NoDatabase : IDbContextFactory<IsoDbContext>
{
    public IsoDbContext CreateDbContext() => throw new InvalidOperationException("Component tests have no database; fake the use case instead.");
}

public sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
{
    public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
}

/// <summary>Signed-in people for component tests, with the claims the real sign-in puts in the principal.</summary>
public static class TestUsers
{
    public static ClaimsPrincipal Person(string fullName, Guid agencyId, params string[] roles)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()),
            new(ClaimTypes.Name, fullName),
            new(IsoClaims.FullName, fullName),
            new(IsoClaims.AgencyId, agencyId.ToString()),
            .. roles.Select(role => new Claim(ClaimTypes.Role, role)),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }
}
