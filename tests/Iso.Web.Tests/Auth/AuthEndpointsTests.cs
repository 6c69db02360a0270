using System.Net;
using System.Net.Http.Json;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Auth;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Auth;

public sealed class AuthEndpointsTests(IsoWebFactory factory)
{
    [Fact]
    public async Task Login_WithDemoAccount_ReturnsBearerAndRefreshTokens()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = Demo.JusticeStaff, password = Demo.Password }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<AccessTokenResponse>(TestContext.Current.CancellationToken);
        Assert.Equal("Bearer", tokens!.TokenType);
        Assert.False(string.IsNullOrEmpty(tokens.AccessToken));
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        Assert.True(tokens.ExpiresIn > 0);
    }

    [Fact]
    public async Task Login_WithWrongPassword_Returns401ProblemSayingWhy()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = Demo.HomeAffairsStaff, password = "sai-mat-khau" }, TestContext.Current.CancellationToken);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(AuthEndpoints.LoginFailedDetail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_WithoutPassword_Returns400ValidationProblemNamingTheField()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = Demo.JusticeStaff }, TestContext.Current.CancellationToken);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Login_OfDeactivatedAccount_IsRefused()
    {
        const string userName = "test.da-nghi-viec";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
            var agencyId = await db.Agencies.Where(a => a.Code == Demo.JusticeCode).Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
            var created = await users.CreateAsync(new IsoUser { UserName = userName, FullName = "Đã nghỉ việc", AgencyId = agencyId, IsActive = false }, Demo.Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        using var client = factory.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Demo.Password }, TestContext.Current.CancellationToken);

        // The same answer as a wrong password: the caller learns nothing about the account (ADR 0007).
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(AuthEndpoints.LoginFailedDetail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Refresh_WithRefreshToken_IssuesNewTokens_AndRejectsGarbage()
    {
        using var client = factory.CreateAnonymousClient();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = Demo.Auditor, password = Demo.Password }, TestContext.Current.CancellationToken);
        var tokens = await login.Content.ReadFromJsonAsync<AccessTokenResponse>(TestContext.Current.CancellationToken);

        using var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens!.RefreshToken }, TestContext.Current.CancellationToken);
        using var rejected = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.False(string.IsNullOrEmpty((await refreshed.Content.ReadFromJsonAsync<AccessTokenResponse>(TestContext.Current.CancellationToken))!.AccessToken));
        await HttpAssert.ProblemAsync(rejected, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Register_IsNotExposed()
    {
        using var anonymous = factory.CreateAnonymousClient();
        using var signedIn = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        using var stranger = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { userName = "x", password = "y" }, TestContext.Current.CancellationToken);
        using var response = await signedIn.PostAsJsonAsync("/api/v1/auth/register", new { userName = "x", password = "y" }, TestContext.Current.CancellationToken);

        // The fallback policy answers a stranger 401 before routing can say 404; a signed-in person learns there is no such endpoint.
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"Got {response.StatusCode}.");
    }
}
