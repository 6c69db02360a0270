using System.Net;
using System.Text.Json;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests;

/// <summary>The pipeline <c>AddIsoWeb</c>/<c>UseIsoWeb</c> builds: who is sent where, what errors look like, what is served.</summary>
public sealed class DependencyInjectionTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", "/login?ReturnUrl=%2F")]
    [InlineData("/to-chuc", "/login?ReturnUrl=%2Fto-chuc")]
    public async Task AnonymousPage_RedirectsToLogin(string path, string expected)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task AnonymousApi_Is401ProblemJson_NotARedirect()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/api/v1/me", Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("/api/v1/auth/login", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiRoute_Is404Problem()
    {
        using var client = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        using var response = await client.GetAsync("/api/v1/khong-ton-tai", Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public void MudBlazorsWords_AreTranslatedByTheProductsLocalizer()
    {
        using var scope = factory.Services.CreateScope();

        Assert.IsType<Iso.Web.Localization.IsoMudLocalizer>(scope.ServiceProvider.GetRequiredService<MudBlazor.MudLocalizer>());
    }

    [Fact]
    public async Task LoginPage_IsVietnameseByDefault_EvenForEnglishBrowsers()
    {
        using var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        // Blazor escapes non-ASCII characters in the HTML it renders.
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/login", Ct));

        Assert.Contains("<h1>Đăng nhập</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Tên đăng nhập", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_IsServed_AndDescribesTheApi()
    {
        using var client = factory.CreateAnonymousClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct));

        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/auth/login", out _));
        Assert.True(paths.TryGetProperty("/api/v1/agencies/{code}/people", out _));
    }

    [Fact]
    public async Task Health_IsHealthy_WithTheDatabase()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task StaticAssets_AreServedByTheApp_WithoutAnyCdn()
    {
        using var client = factory.CreateAnonymousClient();

        var html = await client.GetStringAsync("/login", Ct);
        using var css = await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css", Ct);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("fonts.googleapis", html, StringComparison.Ordinal);
    }
}
