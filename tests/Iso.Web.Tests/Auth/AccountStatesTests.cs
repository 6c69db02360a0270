using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Iso.Data.Identity;
using Iso.Web.Organisation;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Auth;

/// <summary>Every authenticated request re-checks its account (cached a few seconds, evicted when the account changes
/// on this node), so deactivation, a lockout or a new security stamp refuse the very next request.</summary>
public sealed partial class AccountStatesTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BearerRequest_AfterAdministratorDeactivates_IsRefused()
    {
        var userName = await TestAccounts.CreateAsync(factory.Services, "bdeact");
        using var client = await factory.CreateClientForAsync(userName, Demo.Password);
        using (var before = await client.GetAsync("/api/v1/me", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await DeactivateAsync(userName);
        using var after = await client.GetAsync("/api/v1/me", Ct);

        await HttpAssert.ProblemAsync(after, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BearerRequest_AfterSecurityStampChanges_IsRefused()
    {
        var userName = await TestAccounts.CreateAsync(factory.Services, "bstamp");
        using var client = await factory.CreateClientForAsync(userName, Demo.Password);
        using (var before = await client.GetAsync("/api/v1/me", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await TestAccounts.ChangeAsync(factory.Services, userName, (users, user) => users.UpdateSecurityStampAsync(user));
        using var after = await client.GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task BearerRequest_OfLockedAccount_IsRefused()
    {
        var userName = await TestAccounts.CreateAsync(factory.Services, "block");
        using var client = await factory.CreateClientForAsync(userName, Demo.Password);

        await TestAccounts.LockAsync(factory.Services, userName);
        using var after = await client.GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task CookieRequest_AfterAdministratorDeactivates_IsRefused_AndTheCookieIsRemoved()
    {
        var userName = await TestAccounts.CreateAsync(factory.Services, "cdeact");
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await SignInWithFormAsync(browser, userName);
        using (var before = await browser.GetAsync("/api/v1/me", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await DeactivateAsync(userName);
        using var after = await browser.GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains(after.Headers.GetValues("Set-Cookie"), c => c.StartsWith("iso.auth=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_Is400NotA500()
    {
        var userName = await TestAccounts.CreateAsync(factory.Services, "logout-no-token");
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await SignInWithFormAsync(browser, userName);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" });

        using var response = await browser.PostAsync("/account/logout", form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Logout_WithAntiforgeryToken_EndsTheSession()
    {
        var userName = await TestAccounts.CreateAsync(factory.Services, "logout");
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await SignInWithFormAsync(browser, userName);
        // Antiforgery tokens are bound to the signed-in person: take one issued after sign-in.
        var token = System.Net.WebUtility.HtmlDecode(AntiforgeryField().Match(await browser.GetStringAsync("/login", Ct)).Groups[1].Value);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["returnUrl"] = "/" });

        using var response = await browser.PostAsync("/account/logout", form, Ct);
        using var after = await browser.GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    private static async Task SignInWithFormAsync(HttpClient browser, string userName)
    {
        var page = await browser.GetStringAsync("/login", Ct);
        var token = System.Net.WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(token), "The login page has no antiforgery field.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = Demo.Password,
        });
        using var login = await browser.PostAsync("/login", form, Ct);
        Assert.True(login.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"The login form answered {(int)login.StatusCode}.");
    }

    private async Task DeactivateAsync(string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var change = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().SetActiveAsync(admin, userName, active: false, Ct);
        Assert.True(change.Succeeded);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
