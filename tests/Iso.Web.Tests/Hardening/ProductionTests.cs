using Iso.Data.Seeding;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.TestHost;

namespace Iso.Web.Tests.Hardening;

/// <summary>The Production path: HSTS, secure cookies, forwarded headers, AllowedHosts, error answers without
/// exception text, health probes, Vietnamese as UTF-8.</summary>
[Collection(nameof(HardeningCollection))]
public sealed partial class ProductionTests(HardeningFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HttpsAnswer_CarriesHsts()
    {
        using var client = factory.CreatePublicClient();

        using var response = await client.GetAsync("/health/live", Ct);

        var hsts = Assert.Single(response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Matches(@"max-age=\d{7,}", hsts);
    }

    [Fact]
    public async Task ForgedHost_IsRefused_AndNeverReflectedIntoARedirect()
    {
        using var client = factory.CreateLocalClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cases");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedHost_IsRedirectedToLoginOnItself()
    {
        using var client = factory.CreatePublicClient();

        using var response = await client.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.True(!location.IsAbsoluteUri || location.Host == HardeningFactory.PublicHost, $"Redirected to {location}.");
    }

    [Fact]
    public async Task ApiFailure_Is500Problem_WithoutExceptionText()
    {
        using var client = await factory.CreateBearerClientAsync(DemoAccounts.Staff.UserName, DemoAccounts.Password);

        using var response = await client.GetAsync(HardeningFactory.FailingApiPath, Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.InternalServerError);
        var body = problem.GetRawText();
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("exception", out _));
        Assert.Contains("trace id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageFailure_IsTheErrorPage_WithoutExceptionText()
    {
        using var client = await factory.CreateSignedInBrowserAsync(DemoAccounts.Staff.UserName, DemoAccounts.Password);

        using var response = await client.GetAsync(HardeningFactory.FailingPagePath, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("hunter2", html, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogoutForm_WithoutAntiforgeryToken_Is400_NotA500()
    {
        using var client = await factory.CreateSignedInBrowserAsync(DemoAccounts.Staff.UserName, DemoAccounts.Password);

        using var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent([new("returnUrl", "/")]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookies_OverHttps_AreSecure_AntiforgeryCultureAndAuth()
    {
        using var client = factory.CreatePublicClient();

        using var page = await client.GetAsync("/login", Ct);
        var antiforgery = Cookie(page, ".AspNetCore.Antiforgery.");
        using var culture = await client.GetAsync("/culture/set?culture=en&redirectUri=/", Ct);
        using var login = await PostLoginFormAsync(client, page, antiforgery);

        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", Cookie(culture, ".AspNetCore.Culture="), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("; secure", Cookie(login, "iso.auth="), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cookies_BehindAProxyThatIsNotTrusted_AreStillSecure()
    {
        // TLS ends at a proxy whose X-Forwarded-Proto the app does not trust: the request looks like plain HTTP.
        var context = await factory.Server.SendAsync(
            c =>
            {
                c.Request.Method = "GET";
                c.Request.Scheme = "http";
                c.Request.Host = new(HardeningFactory.PublicHost);
                c.Request.Path = "/culture/set";
                c.Request.QueryString = new("?culture=en&redirectUri=/");
                c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
                c.Request.Headers["X-Forwarded-Proto"] = "https";
            },
            Ct);

        Assert.Equal("http", context.Request.Scheme);
        Assert.Contains("secure", context.Response.Headers.SetCookie.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(context.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedProto_FromALoopbackProxy_IsTrusted()
    {
        var context = await factory.Server.SendAsync(
            c =>
            {
                c.Request.Method = "GET";
                c.Request.Scheme = "http";
                c.Request.Host = new(HardeningFactory.PublicHost);
                c.Request.Path = "/health/live";
                c.Connection.RemoteIpAddress = IPAddress.Loopback;
                c.Request.Headers["X-Forwarded-Proto"] = "https";
                c.Request.Headers["X-Forwarded-For"] = "198.51.100.7";
            },
            Ct);

        Assert.Equal("https", context.Request.Scheme);
        Assert.Equal(IPAddress.Parse("198.51.100.7"), context.Connection.RemoteIpAddress);
        Assert.True(context.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Fact]
    public async Task PlainHttpOnLoopback_KeepsCookiesUsable_ForAChecksOnTheServerItself()
    {
        using var client = factory.CreateLocalClient();

        using var response = await client.GetAsync("/culture/set?culture=en&redirectUri=/", Ct);

        Assert.DoesNotContain("secure", Cookie(response, ".AspNetCore.Culture="), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health")]
    public async Task HealthProbes_AnswerAnonymously(string path)
    {
        using var client = factory.CreatePublicClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task VietnameseText_IsUtf8_InPagesAndJson()
    {
        using var anonymous = factory.CreatePublicClient();
        using var client = await factory.CreateBearerClientAsync(Demo.JusticeStaff, Demo.Password);

        var html = await anonymous.GetStringAsync("/login", Ct);
        var json = await client.GetStringAsync("/api/v1/me", Ct);

        Assert.Contains("Đăng nhập", html, StringComparison.Ordinal);
        // Only ASCII punctuation may appear as a character reference (HtmlEncoder escapes + ' " & < >).
        Assert.All(CharacterReference().Matches(html), m => Assert.True(Convert.ToInt32(m.Groups[1].Value, 16) < 0x80, m.Value));
        Assert.Contains(Demo.JusticeName, json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", json, StringComparison.Ordinal);
        Assert.Equal(Demo.JusticeName, JsonDocument.Parse(json).RootElement.GetProperty("agency").GetProperty("name").GetString());
    }

    private static async Task<HttpResponseMessage> PostLoginFormAsync(HttpClient client, HttpResponseMessage page, string antiforgeryCookie)
    {
        var html = await page.Content.ReadAsStringAsync(Ct);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", WebUtility.HtmlDecode(token)),
                new("_handler", "login"),
                new("Input.UserName", Demo.JusticeStaff),
                new("Input.Password", Demo.Password),
            ]),
        };
        request.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
        return await client.SendAsync(request, Ct);
    }

    private static string Cookie(HttpResponseMessage response, string prefix) =>
        Assert.Single(response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [], c => c.StartsWith(prefix, StringComparison.Ordinal));

    [GeneratedRegex("&#x([0-9A-Fa-f]+);")]
    private static partial Regex CharacterReference();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
