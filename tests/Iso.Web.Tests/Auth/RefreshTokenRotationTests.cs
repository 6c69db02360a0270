using System.Net;
using System.Net.Http.Json;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Iso.Web.Tests.Auth;

public sealed class RefreshTokenRotationTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refresh_WithTheSameTokenTwice_IsRefusedTheSecondTime_AndTheNewTokenWorks()
    {
        var userName = await TestAccounts.CreateAsync(factory.Services, "rotate");
        using var client = factory.CreateAnonymousClient();
        var tokens = await LoginAsync(client, userName);

        using var first = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken }, Ct);
        using var replayed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken }, Ct);
        var rotated = await first.Content.ReadFromJsonAsync<AccessTokenResponse>(Ct);
        using var next = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = rotated!.RefreshToken }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(tokens.RefreshToken, rotated.RefreshToken);
        var problem = await HttpAssert.ProblemAsync(replayed, HttpStatusCode.Unauthorized);
        Assert.Contains("already used", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Refresh_OfDeactivatedAccount_IsRefused()
    {
        var userName = await TestAccounts.CreateAsync(factory.Services, "rdeact");
        using var client = factory.CreateAnonymousClient();
        var tokens = await LoginAsync(client, userName);

        await TestAccounts.ChangeAsync(factory.Services, userName, (users, user) =>
        {
            user.IsActive = false;
            return users.UpdateAsync(user);
        });
        using var response = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken }, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_OfLockedAccount_IsRefused()
    {
        var userName = await TestAccounts.CreateAsync(factory.Services, "rlock");
        using var client = factory.CreateAnonymousClient();
        var tokens = await LoginAsync(client, userName);

        await TestAccounts.LockAsync(factory.Services, userName);
        using var response = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken }, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    private static async Task<AccessTokenResponse> LoginAsync(HttpClient client, string userName)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Demo.Password }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AccessTokenResponse>(Ct))!;
    }
}
