using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Hardening;

/// <summary>The app as deployed: Production, behind a host name of its own, over its own SQLite file (so that "nothing
/// was stored" can be checked table by table), with one path that fails on purpose after the whole pipeline.</summary>
public sealed partial class HardeningFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string PublicHost = "iso.example.gov.vn";

    /// <summary>Answers with an exception whose message must never reach the caller.</summary>
    public const string FailingApiPath = "/api/v1/test-failure";

    public const string FailingPagePath = "/test-failure";

    public const string SecretMessage = "Connection string Password=hunter2 at /srv/secret/path";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "iso-hardening-tests-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(DataDirectory, "iso.db");

    public ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets();
        builder.UseSetting("Iso:DataDirectory", DataDirectory);
        builder.UseSetting("Iso:SeedDemoData", "true");
        builder.UseSetting("Iso:AllowDemoPasswords", "true");
        // The corpus logs in once per entry; the throttle has its own tests (SignInThrottleTests).
        builder.UseSetting("Iso:SignIn:PermitsPerAddress", "100000");
        builder.UseSetting("Iso:SignIn:PermitsPerAccount", "100000");
        builder.UseSetting("AllowedHosts", $"localhost;{PublicHost}");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingPathStartupFilter>());
    }

    /// <summary>A client of the public address over HTTPS (as the browser sees it behind the TLS proxy).</summary>
    public HttpClient CreatePublicClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri($"https://{PublicHost}") });

    public HttpClient CreateLocalClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A browser of the public address signed in through the login form (cookie), as a person is.</summary>
    public async Task<HttpClient> CreateSignedInBrowserAsync(string userName, string password)
    {
        var browser = CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri($"https://{PublicHost}"),
        });
        var page = await browser.GetStringAsync("/login");
        var token = System.Net.WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        using var login = await browser.PostAsync("/login", form);
        if (login.StatusCode is not (System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.SeeOther))
        {
            throw new InvalidOperationException($"The login form answered {(int)login.StatusCode}.");
        }

        return browser;
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex AntiforgeryField();

    public async Task<HttpClient> CreateBearerClientAsync(string userName, string password)
    {
        var client = CreatePublicClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<AccessTokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Runs after UseIsoWeb, so the failure passes through the app's own exception handling.</summary>
    private sealed class FailingPathStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate rest) =>
                context.Request.Path == FailingApiPath || context.Request.Path == FailingPagePath
                    ? throw new InvalidOperationException(SecretMessage)
                    : rest(context));
        };
    }
}

[CollectionDefinition(nameof(HardeningCollection))]
public sealed class HardeningCollection : ICollectionFixture<HardeningFactory>;
