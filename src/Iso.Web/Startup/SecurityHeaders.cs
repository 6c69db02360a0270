using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.Net.Http.Headers;

namespace Iso.Web.Startup;

/// <summary>The security headers of every response, pages and API alike (see ADR 0008).</summary>
internal static class SecurityHeaders
{
    /// <summary>Everything the browser loads comes from the app itself (no CDN). Blazor Server needs its WebSocket
    /// (<c>connect-src 'self'</c> covers ws/wss to the same host); MudBlazor sets <c>style</c> attributes, hence
    /// <c>'unsafe-inline'</c> for styles only; the import map is the one inline script, allowed by its hash.</summary>
    public static string PagePolicy(string importMapSource = "") =>
        $"default-src 'self'; script-src 'self'{importMapSource}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>API answers are data, never a document to render.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseIsoSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state => Apply((HttpContext)state), context);
            return next(context);
        });

    private static Task Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        var isApi = context.Request.Path.StartsWithSegments("/api");
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = isApi ? ApiPolicy : PagePolicy(ImportMapSource(context));
        }

        // Answers about a person's data and HTML pages (with their antiforgery tokens) are never stored by a cache;
        // fingerprinted static assets keep the long cache headers MapStaticAssets gives them.
        if (!headers.ContainsKey(HeaderNames.CacheControl) && (isApi || IsHtml(context.Response.ContentType)))
        {
            headers.CacheControl = "no-store";
        }

        headers.Remove(HeaderNames.Server);
        return Task.CompletedTask;
    }

    private static readonly ConditionalWeakTable<ImportMapDefinition, string> ImportMapHashes = [];

    /// <summary>The CSP source of the inline <c>&lt;script type="importmap"&gt;</c> that <c>&lt;ImportMap /&gt;</c> renders
    /// from the page endpoint's metadata: the hash of exactly that JSON.</summary>
    private static string ImportMapSource(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>() is { } importMap
            ? ImportMapHashes.GetValue(importMap, static map => $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map.ToString())))}'")
            : "";

    private static bool IsHtml(string? contentType) =>
        contentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
}
