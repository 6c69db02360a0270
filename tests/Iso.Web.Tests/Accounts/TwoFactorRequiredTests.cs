using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Iso.Data.Identity;
using Iso.Web.Accounts;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Accounts;

/// <summary>The app with <c>Iso:SignIn:RequireTwoFactorForRoles = [Auditor]</c>, over its own database.</summary>
public sealed class TwoFactorRequiredFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "iso-2fa-tests-" + Guid.NewGuid().ToString("N"));

    public ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Iso:DataDirectory", DataDirectory);
        builder.UseSetting("Iso:SeedDemoData", "true");
        builder.UseSetting("Iso:AllowDemoPasswords", "true");
        builder.UseSetting("Iso:SignIn:PermitsPerAddress", "100000");
        builder.UseSetting("Iso:SignIn:PermitsPerAccount", "100000");
        builder.UseSetting("Iso:SignIn:RequireTwoFactorForRoles:0", IsoRoles.Auditor);
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

public sealed class TwoFactorRequiredTests(TwoFactorRequiredFactory factory) : IClassFixture<TwoFactorRequiredFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RoleThatRequiresTwoFactor_WithoutIt_IsSentToEnrolment_AndRefusedEverythingElse_UntilEnrolled()
    {
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var staff = await BearerAsync(anonymous, new { userName = Demo.JusticeStaff, password = Demo.Password });
        using var auditor = await BearerAsync(anonymous, new { userName = Demo.Auditor, password = Demo.Password });
        using var browser = Browser.Create(factory);
        using var signedIn = await Browser.SignInAsync(browser, Demo.Auditor, Demo.Password);

        using var staffMe = await staff.GetAsync("/api/v1/me", Ct);
        using var auditorMe = await auditor.GetAsync("/api/v1/me", Ct);
        using var home = await browser.GetAsync("/", Ct);
        using var enrolment = await browser.GetAsync("/xac-thuc-hai-buoc?returnUrl=%2F", Ct);

        Assert.Equal(HttpStatusCode.OK, staffMe.StatusCode);
        Assert.Equal("enrolTwoFactor", (await HttpAssert.ProblemAsync(auditorMe, HttpStatusCode.Forbidden)).GetProperty("pendingStep").GetString());
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/xac-thuc-hai-buoc?returnUrl=%2F", home.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, enrolment.StatusCode);
        Assert.Contains("bắt buộc xác thực hai bước", await Browser.HtmlAsync(enrolment), StringComparison.Ordinal);

        // Enrolled, the auditor signs in with the app's code and may work; turning it off is refused.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var caller = await scope.ServiceProvider.CallerAsync(Demo.Auditor);
            var enrolmentService = scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>();
            Assert.True((await enrolmentService.StartAsync(caller)).Succeeded);
            var key = (await enrolmentService.GetAsync(caller)).Value.SharedKey!;
            Assert.True((await enrolmentService.EnableAsync(caller, Totp.Code(key, DateTimeOffset.UtcNow))).Succeeded);
            Assert.Equal(Iso.Web.Application.ProblemKind.Conflict, (await enrolmentService.DisableAsync(caller)).Problem!.Kind);
            using var enrolled = await BearerAsync(anonymous, new { userName = Demo.Auditor, password = Demo.Password, twoFactorCode = Totp.Code(key, DateTimeOffset.UtcNow) });
            using var me = await enrolled.GetAsync("/api/v1/me", Ct);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }
    }

    private async Task<HttpClient> BearerAsync(HttpClient anonymous, object login)
    {
        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", login, Ct);
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<AccessTokenResponse>(Ct);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);
        return client;
    }
}
