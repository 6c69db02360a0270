using Iso.Data.Seeding;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Iso.Web.Tests.Hardening;

[Collection(nameof(HardeningCollection))]
public sealed partial class SecurityHeadersTests(HardeningFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Page_CarriesSecurityHeaders_AndAPolicyOfItsOwnOrigin()
    {
        using var client = factory.CreatePublicClient();

        using var response = await client.GetAsync("/login", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCommonHeaders(response);
        var policy = Policy(response);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal); // no CDN, no other origin
        Assert.Matches("script-src 'self' 'sha256-[^']+'(;|$)", policy); // no 'unsafe-inline' for scripts
        Assert.True(response.Headers.CacheControl?.NoStore, "Pages carry antiforgery tokens and personal data: never stored.");
    }

    [Fact]
    public async Task Page_InlineImportMap_IsAllowedByItsHash()
    {
        using var client = factory.CreatePublicClient();

        using var response = await client.GetAsync("/login", Ct);

        var html = await response.Content.ReadAsStringAsync(Ct);
        var importMap = ImportMapScript().Match(html);
        Assert.True(importMap.Success, "The page renders no import map.");
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups[1].Value)));
        Assert.Contains($"'sha256-{hash}'", Policy(response), StringComparison.Ordinal);
        // The import map is the only inline script, so the hash is all script-src needs besides 'self'.
        Assert.Single(InlineScript().Matches(html), m => !m.Value.Contains("src=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_CarriesSecurityHeaders_AndIsNeverCached()
    {
        using var client = await factory.CreateBearerClientAsync(Demo.JusticeStaff, Demo.Password);

        using var response = await client.GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCommonHeaders(response);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Policy(response));
        Assert.True(response.Headers.CacheControl?.NoStore, "Authenticated JSON must carry Cache-Control: no-store.");
    }

    [Fact]
    public async Task LoginAnswer_WithTokens_IsNeverCached()
    {
        using var client = factory.CreatePublicClient();

        using var response = await client.PostAsync(
            "/api/v1/auth/login",
            new StringContent($$"""{"userName":"{{Demo.JusticeStaff}}","password":"{{Demo.Password}}"}""", Encoding.UTF8, "application/json"),
            Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("/api/v1/no-such-thing")]
    [InlineData("/no-such-page")]
    public async Task NotFound_CarriesSecurityHeaders(string path)
    {
        // Signed in: for a stranger every unknown address is "sign in first" (the fallback policy).
        using var client = await factory.CreateSignedInBrowserAsync(DemoAccounts.Staff.UserName, DemoAccounts.Password);

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertCommonHeaders(response);
        Assert.NotEmpty(Policy(response));
    }

    [Fact]
    public async Task StaticAssets_KeepTheirCacheHeaders_AndGetNosniff()
    {
        using var client = factory.CreatePublicClient();
        using var page = await client.GetAsync("/login", Ct);
        var script = ScriptSource().Match(await page.Content.ReadAsStringAsync(Ct)).Groups[1].Value;

        using var response = await client.GetAsync(script, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.CacheControl?.NoStore ?? false, $"{script} should stay cacheable.");
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
    }

    [Fact]
    public void Kestrel_SendsNoServerHeader_AndLimitsBodies()
    {
        var kestrel = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.False(kestrel.AddServerHeader);
        Assert.Equal(1024 * 1024, kestrel.Limits.MaxRequestBodySize);
    }

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Server"));
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "HTTPS answers in Production carry HSTS.");
    }

    private static string Policy(HttpResponseMessage response) => Single(response, "Content-Security-Policy");

    private static string Single(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : []);

    [GeneratedRegex("<script type=\"importmap\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMapScript();

    [GeneratedRegex("<script[^>]*>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
