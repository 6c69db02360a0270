using System.Net;
using System.Net.Http.Json;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Auth;

/// <summary>The throttle ends by itself: a stranger cannot keep a real person out beyond the window (ADR 0007).</summary>
public sealed class SignInThrottleWindowTests(ShortWindowSignInHost host) : IClassFixture<ShortWindowSignInHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_AfterAStrangersBurst_SucceedsForTheRealUserOnceTheWindowHasPassed_AndLeavesNoLockout()
    {
        var userName = await TestAccounts.CreateAsync(host.Services, "victim");
        using var stranger = host.CreateClient("10.0.5.1");
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 100 && retryAfter is null; i++)
        {
            using var response = await stranger.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = $"doan-{i}" }, Ct);
            retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? response.Headers.RetryAfter?.Delta : null;
        }

        Assert.NotNull(retryAfter);
        Assert.Null(await TestAccounts.LockoutEndAsync(host.Services, userName));

        // Wait out the window the throttle announced (plus one window), then the real person signs in.
        await Task.Delay(retryAfter.Value + host.Window, Ct);
        using var owner = host.CreateClient("10.0.5.2");
        using var login = await owner.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Demo.Password }, Ct);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}
