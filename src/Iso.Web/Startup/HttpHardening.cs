using System.Net;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Iso.Web.Startup;

/// <summary>What every request meets before an endpoint (ADR 0008): limits, the JSON door, binding problems,
/// encoders, forwarded headers, secure cookies, HSTS and the security headers.</summary>
internal static class HttpHardening
{
    public static WebApplicationBuilder AddIsoHttpHardening(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), $"{HttpOptions.SectionName}:KnownProxies must be IP addresses (e.g. 10.0.0.5).")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), $"{HttpOptions.SectionName}:KnownNetworks must be CIDR networks (e.g. 10.0.0.0/24).")
            .ValidateOnStart();

        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpOptions>>(
            (kestrel, http) => kestrel.Limits.MaxRequestBodySize = http.Value.MaxRequestBodyBytes);

        // Binding failures reach BadRequestProblems (which names the JSON path) instead of ending as a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().Configure<IOptions<HttpOptions>>((json, http) =>
        {
            json.SerializerOptions.MaxDepth = http.Value.MaxJsonDepth;
            foreach (var converter in DoorDates.Converters)
            {
                json.SerializerOptions.Converters.Add(converter);
            }
        });
        services.AddVietnameseText();

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpOptions>>((forwarded, http) =>
        {
            // Host is not taken from X-Forwarded-Host: the proxy passes the original Host, which AllowedHosts checks.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in http.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in http.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        var development = builder.Environment.IsDevelopment();
        services.Configure<CookiePolicyOptions>(options =>
        {
            options.HttpOnly = HttpOnlyPolicy.None; // each cookie says so itself (auth, antiforgery and culture are HttpOnly)
            options.Secure = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.None;
            if (!development)
            {
                options.OnAppendCookie = context => context.CookieOptions.Secure |= NeedsSecureCookie(context.Context);
                options.OnDeleteCookie = context => context.CookieOptions.Secure |= NeedsSecureCookie(context.Context);
            }
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false; // other services of the agency's domain may not speak HTTPS yet
        });

        services.AddIsoDataProtectionKeyEncryption(builder.Configuration);
        return builder;
    }

    /// <summary>Outside Development every cookie is Secure, also when TLS ends at a proxy whose forwarded headers are
    /// not trusted; except a plain-HTTP request to a loopback name (a check on the server itself), where the browser
    /// could not send a Secure cookie back.</summary>
    internal static bool NeedsSecureCookie(HttpContext context) =>
        context.Request.IsHttps || !IsLoopback(context.Request.Host.Host);

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>The outermost part of the pipeline: the client's real address and scheme, security headers on
    /// everything that follows (errors and 404 included), HSTS and the cookie policy.</summary>
    public static WebApplication UseIsoHttpHardening(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseIsoSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseCookiePolicy();
        return app;
    }
}
