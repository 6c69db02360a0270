using Iso.Data;
using Iso.Data.History;
using Iso.Data.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Iso.Web.Auth;

internal static class IdentityRegistration
{
    /// <summary>The scheme requests authenticate with: bearer when the request carries a bearer token, else the cookie.</summary>
    public const string CookieOrBearerScheme = "Iso.CookieOrBearer";

    public static IServiceCollection AddIsoIdentity(this IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieOrBearerScheme;
                options.DefaultChallengeScheme = CookieOrBearerScheme;
            })
            .AddPolicyScheme(CookieOrBearerScheme, "Cookie or bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/access-denied";
            options.Cookie.Name = "iso.auth";
            // The API answers 401/403 (as problem details, see UseIsoWeb) instead of redirecting to an HTML page.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<IsoUser>(options =>
            {
                options.User.RequireUniqueEmail = false;
                // Sign-in never locks on failure (the throttle limits guessing, ADR 0007); a lockout set otherwise is
                // still honoured at sign-in, refresh and on every request, and an administrator can clear it.
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<IsoDbContext>()
            .AddUserManager<IsoUserManager>()
            .AddSignInManager<IsoSignInManager>()
            .AddClaimsPrincipalFactory<IsoClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.AddIsoAuthorization();
        services.AddIsoSignInThrottle();
        services.AddMemoryCache();
        services.AddSingleton<AccountStates>();
        services.AddScoped<RefreshTokenRotation>();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IsoRevalidatingAuthenticationStateProvider>();
        return services;
    }

    /// <summary>History entries name the signed-in person instead of "system".</summary>
    public static IServiceCollection AddIsoCurrentActor(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitUser>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitUserHandler>());
        services.Replace(ServiceDescriptor.Scoped<ICurrentActor, WebCurrentActor>());
        return services;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int statusCode)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = statusCode;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
