using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Auth;

/// <summary>The sign-in throttle and the uniform answers of ADR 0007, on an app with a small throttle (see <see cref="SignInHost"/>).
/// Each test uses its own client address(es), so the tests do not share a window.</summary>
public sealed class SignInThrottleTests(SignInHost host) : IClassFixture<SignInHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_WhenBurstFromOneAddress_IsRefusedWith429ProblemAndRetryAfter()
    {
        using var client = host.CreateClient("10.0.1.1");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i <= SignInHost.PermitsPerAddress; i++)
        {
            // A different (unknown) account each time: only the address window applies.
            var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = $"nobody-{i}", password = "x" }, Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
                break;
            }

            response.Dispose();
        }

        Assert.All(statuses.Take(SignInHost.PermitsPerAddress), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.NotNull(refused);
        using (refused)
        {
            var problem = await HttpAssert.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.Contains("Too many sign-in attempts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "The 429 carries no Retry-After.");
        }
    }

    [Fact]
    public async Task Login_WhenOneAccountIsTriedFromManyAddresses_IsRefusedPerAccount()
    {
        var userName = await TestAccounts.CreateAsync(host.Services, "spray");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= SignInHost.PermitsPerAccount; i++)
        {
            using var client = host.CreateClient($"10.0.2.{i + 1}");
            using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = "sai-mat-khau" }, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, SignInHost.PermitsPerAccount), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Refresh_WhenBurstFromOneAddress_IsRefused()
    {
        using var client = host.CreateClient("10.0.3.1");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= SignInHost.PermitsPerAddress; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "forged" }, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task LoginForm_WhenOneAccountIsBurst_IsRefusedWith429()
    {
        var userName = await TestAccounts.CreateAsync(host.Services, "form");
        var statuses = new List<HttpStatusCode>();
        var page = string.Empty;
        TimeSpan? retryAfter = null;
        for (var i = 0; i <= SignInHost.PermitsPerAccount; i++)
        {
            using var client = host.CreateClient($"10.0.4.{i + 1}");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["Input.UserName"] = userName,
                ["Input.Password"] = "sai-mat-khau",
            });
            using var response = await client.PostAsync("/login", form, Ct);
            statuses.Add(response.StatusCode);
            page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
            retryAfter = response.Headers.RetryAfter?.Delta;
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(SignInHost.PermitsPerAccount));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.True(retryAfter > TimeSpan.Zero, "The 429 carries no Retry-After.");
        Assert.Contains("Quá nhiều lần đăng nhập", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlock_ByAdministrator_ClearsTheAccountThrottleAndLockout()
    {
        var userName = await TestAccounts.CreateAsync(host.Services, "unlock");
        await TestAccounts.LockAsync(host.Services, userName);
        for (var i = 0; i <= SignInHost.PermitsPerAccount; i++)
        {
            using var stranger = host.CreateClient($"10.0.6.{i + 1}");
            using var attempt = await stranger.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = "sai" }, Ct);
        }

        using var owner = host.CreateClient("10.0.6.100");
        using (var throttled = await owner.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Demo.Password }, Ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        }

        using var admin = await LoginAsync(host.CreateClient("10.0.6.200"), Demo.Administrator);
        using var unlock = await admin.PostAsync($"/api/v1/admin/accounts/{userName}/unlock", content: null, Ct);
        using var login = await owner.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Demo.Password }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        Assert.Null(await TestAccounts.LockoutEndAsync(host.Services, userName));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Unlock_ByNonAdministrator_IsForbidden_AndUnknownAccountIsNotFound()
    {
        using var staff = await LoginAsync(host.CreateClient("10.0.7.1"), Demo.JusticeStaff);
        using var admin = await LoginAsync(host.CreateClient("10.0.7.2"), Demo.Administrator);

        using var forbidden = await staff.PostAsync($"/api/v1/admin/accounts/{Demo.HomeAffairsStaff}/unlock", content: null, Ct);
        using var notFound = await admin.PostAsync("/api/v1/admin/accounts/khong-co-ai/unlock", content: null, Ct);

        await HttpAssert.ProblemAsync(forbidden, HttpStatusCode.Forbidden);
        var problem = await HttpAssert.ProblemAsync(notFound, HttpStatusCode.NotFound);
        Assert.Contains("khong-co-ai", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_AnswersTheSame_ForUnknownUserWrongPasswordDeactivatedAndLockedAccounts()
    {
        var known = await TestAccounts.CreateAsync(host.Services, "known");
        var deactivated = await TestAccounts.CreateAsync(host.Services, "inactive", active: false);
        var locked = await TestAccounts.CreateAsync(host.Services, "locked");
        await TestAccounts.LockAsync(host.Services, locked);

        var answers = new List<(HttpStatusCode Status, string Body)>();
        var attempts = new (string UserName, string Password)[]
        {
            ("khong-ton-tai-" + Guid.NewGuid().ToString("N"), Demo.Password),
            (known, "sai-mat-khau"),
            (deactivated, Demo.Password),
            (locked, Demo.Password),
        };
        for (var i = 0; i < attempts.Length; i++)
        {
            using var client = host.CreateClient($"10.0.8.{i + 1}");
            using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = attempts[i].UserName, password = attempts[i].Password }, Ct);
            answers.Add((response.StatusCode, WithoutTraceId(await response.Content.ReadAsStringAsync(Ct))));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
    }

    [Fact]
    public async Task Login_OfUnknownUser_CostsAPasswordHashVerification()
    {
        var password = "chi-de-dem-" + Guid.NewGuid().ToString("N");
        using var client = host.CreateClient("10.0.9.1");

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "khong-ton-tai-" + Guid.NewGuid().ToString("N"), password }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(password, host.VerifiedPasswords);
    }

    [Fact]
    public async Task Login_OfDeactivatedOrLockedAccount_CostsAPasswordHashVerification()
    {
        var deactivated = await TestAccounts.CreateAsync(host.Services, "inactive", active: false);
        var locked = await TestAccounts.CreateAsync(host.Services, "locked");
        await TestAccounts.LockAsync(host.Services, locked);
        var passwords = new[] { "dem-1-" + Guid.NewGuid().ToString("N"), "dem-2-" + Guid.NewGuid().ToString("N") };

        using var client = host.CreateClient("10.0.10.1");
        using var first = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = deactivated, password = passwords[0] }, Ct);
        using var second = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = locked, password = passwords[1] }, Ct);

        Assert.Contains(passwords[0], host.VerifiedPasswords);
        Assert.Contains(passwords[1], host.VerifiedPasswords);
    }

    private static async Task<HttpClient> LoginAsync(HttpClient client, string userName)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Demo.Password }, Ct);
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.GetProperty("accessToken").GetString());
        return client;
    }

    private static string WithoutTraceId(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }
}
