using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Iso.Web.Tests.TestSupport;

/// <summary>The whole app in memory over a real SQLite file in its own temporary data folder, migrated and
/// seeded with the demo data on start. One instance is shared by the HTTP tests of the assembly.</summary>
public sealed class IsoWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    // Started once before any test: parallel test classes would otherwise race to build the host.
    public ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "iso-web-tests-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Serve _framework/ and _content/ from the build output, as a published app would.
        builder.UseStaticWebAssets();
        builder.UseSetting("Iso:DataDirectory", DataDirectory);
        builder.UseSetting("Iso:SeedDemoData", "true");
        builder.UseSetting("Iso:AllowDemoPasswords", "true");
        // The tests log in far more often than a person would; the throttle has its own tests (SignInThrottleTests).
        builder.UseSetting("Iso:SignIn:PermitsPerAddress", "100000");
        builder.UseSetting("Iso:SignIn:PermitsPerAccount", "100000");
    }

    public HttpClient CreateAnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Logs in through <c>POST /api/v1/auth/login</c> and returns a client that sends the bearer token.</summary>
    public async Task<HttpClient> CreateClientForAsync(string userName, string password)
    {
        var client = CreateAnonymousClient();
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
}
