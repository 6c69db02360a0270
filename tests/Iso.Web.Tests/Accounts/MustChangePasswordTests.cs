using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Iso.Data;
using Iso.Web.Auth;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Accounts;

/// <summary>A one-time password must be changed before anything else: the API gives no token for it, the form sign-in
/// lands on the change-password page and every other page or API call is refused until it is changed.</summary>
public sealed class MustChangePasswordTests(IsoWebFactory factory)
{
    private const string NewPassword = "Mật-khẩu-mới-2026!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApiLogin_WithAOneTimePassword_Is403UntilChangePasswordSetsANewOne()
    {
        var account = await NewAccountAsync();
        using var client = factory.CreateAnonymousClient();

        using var refused = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = account.UserName, password = account.Password }, Ct);
        using var wrongCurrent = await client.PostAsJsonAsync("/api/v1/auth/change-password",
            new { userName = account.UserName, currentPassword = "sai-mat-khau", newPassword = NewPassword }, Ct);
        using var unchanged = await client.PostAsJsonAsync("/api/v1/auth/change-password",
            new { userName = account.UserName, currentPassword = account.Password, newPassword = account.Password }, Ct);
        using var weak = await client.PostAsJsonAsync("/api/v1/auth/change-password",
            new { userName = account.UserName, currentPassword = account.Password, newPassword = "abc" }, Ct);
        using var changed = await client.PostAsJsonAsync("/api/v1/auth/change-password",
            new { userName = account.UserName, currentPassword = account.Password, newPassword = NewPassword }, Ct);
        using var oldAgain = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = account.UserName, password = account.Password }, Ct);
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = account.UserName, password = NewPassword }, Ct);

        var problem = await HttpAssert.ProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("changePassword", problem.GetProperty("pendingStep").GetString());
        Assert.Contains("mật khẩu mới", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await HttpAssert.ProblemAsync(wrongCurrent, HttpStatusCode.Unauthorized);
        Assert.True((await HttpAssert.ProblemAsync(unchanged, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("newPassword", out _));
        Assert.True((await HttpAssert.ProblemAsync(weak, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("newPassword").GetArrayLength() >= 3);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await HttpAssert.ProblemAsync(oldAgain, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var stored = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == account.UserName, Ct);
        Assert.False(stored.MustChangePassword);
        var entry = await db.History.AsNoTracking().OrderByDescending(h => h.Id).FirstAsync(h => h.EntityType == "IsoUser" && h.EntityId == stored.Id.ToString(), Ct);
        Assert.Equal(account.UserName, entry.UserName);
    }

    [Fact]
    public async Task BearerToken_OfAnAccountThatMustChangeItsPassword_IsRefusedWith403()
    {
        var account = await NewAccountAsync();
        using var anonymous = factory.CreateAnonymousClient();
        (await anonymous.PostAsJsonAsync("/api/v1/auth/change-password",
            new { userName = account.UserName, currentPassword = account.Password, newPassword = NewPassword }, Ct)).EnsureSuccessStatusCode();
        using var client = await factory.CreateClientForAsync(account.UserName, NewPassword);
        using var before = await client.GetAsync("/api/v1/me", Ct);
        // The flag without a new stamp (a token issued before it was set stays valid, and must still be stopped).
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
            var user = await db.Users.SingleAsync(u => u.UserName == account.UserName, Ct);
            user.MustChangePassword = true;
            await db.SaveChangesAsync(Ct);
            scope.Get<AccountStates>().Evict(user.Id);
        }

        using var after = await client.GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var problem = await HttpAssert.ProblemAsync(after, HttpStatusCode.Forbidden);
        Assert.Equal("changePassword", problem.GetProperty("pendingStep").GetString());
    }

    [Fact]
    public async Task FormSignIn_WithAOneTimePassword_LandsOnTheChangePage_EverythingElseIsRefused_UntilItIsChanged()
    {
        var account = await NewAccountAsync();
        using var browser = Browser.Create(factory);

        using var signedIn = await Browser.SignInAsync(browser, account.UserName, account.Password);
        using var home = await browser.GetAsync("/", Ct);
        using var api = await browser.GetAsync("/api/v1/me", Ct);
        using var page = await browser.GetAsync("/doi-mat-khau?returnUrl=%2F", Ct);
        using var mismatch = await Browser.PostFormAsync(browser, "/doi-mat-khau?returnUrl=%2F", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = account.Password, ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword + "x",
        });
        using var changed = await Browser.PostFormAsync(browser, "/doi-mat-khau?returnUrl=%2F", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = account.Password, ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
        });
        using var homeAfter = await browser.GetAsync("/", Ct);
        using var apiAfter = await browser.GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/doi-mat-khau?returnUrl=%2F", home.Headers.Location?.OriginalString);
        Assert.Equal("changePassword", (await HttpAssert.ProblemAsync(api, HttpStatusCode.Forbidden)).GetProperty("pendingStep").GetString());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("mật khẩu một lần", await Browser.HtmlAsync(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("không khớp", await Browser.HtmlAsync(mismatch), StringComparison.Ordinal);
        Assert.True(changed.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"The change form answered {(int)changed.StatusCode}.");
        // Home now opens: people who handle cases are taken on to their inbox, never back to the change page.
        Assert.True(
            homeAfter.StatusCode == HttpStatusCode.OK || homeAfter.Headers.Location?.OriginalString.Contains("viec-cua-toi", StringComparison.Ordinal) == true,
            $"Home answered {(int)homeAfter.StatusCode} {homeAfter.Headers.Location}.");
        Assert.Equal(HttpStatusCode.OK, apiAfter.StatusCode);
    }

    [Fact]
    public async Task SignedInPerson_ChangesTheirOwnPassword_AndKeepsTheirSession()
    {
        var account = await NewAccountAsync();
        using var anonymous = factory.CreateAnonymousClient();
        (await anonymous.PostAsJsonAsync("/api/v1/auth/change-password",
            new { userName = account.UserName, currentPassword = account.Password, newPassword = NewPassword }, Ct)).EnsureSuccessStatusCode();
        using var browser = Browser.Create(factory);
        using var signedIn = await Browser.SignInAsync(browser, account.UserName, NewPassword);

        using var wrong = await Browser.PostFormAsync(browser, "/doi-mat-khau", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "khong-dung", ["Input.NewPassword"] = NewPassword + "2", ["Input.ConfirmPassword"] = NewPassword + "2",
        });
        using var changed = await Browser.PostFormAsync(browser, "/doi-mat-khau", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = NewPassword, ["Input.NewPassword"] = NewPassword + "2", ["Input.ConfirmPassword"] = NewPassword + "2",
        });
        using var after = await browser.GetAsync("/api/v1/me", Ct);

        Assert.Contains("Mật khẩu hiện tại không đúng", await Browser.HtmlAsync(wrong), StringComparison.Ordinal);
        Assert.True(changed.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        using var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { userName = account.UserName, password = NewPassword + "2" }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    private async Task<Iso.Web.Accounts.OneTimePassword> NewAccountAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await Fresh.AccountAsync(scope, Demo.JusticeCode);
    }
}
