using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Web.Accounts;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Accounts;

/// <summary>Two-factor sign-in with an authenticator app: the test computes the app's code from the enrolled key.</summary>
public sealed class TwoFactorSignInTests(IsoWebFactory factory)
{
    private const string Password = "Hai-buoc-2026!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enrolment_NeedsTheAppsCode_AndGivesRecoveryCodes()
    {
        var (userName, _, _) = await EnrolledAccountAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var caller = await scope.ServiceProvider.CallerAsync(userName);

        var status = await scope.Get<TwoFactorEnrolment>().GetAsync(caller);
        var again = await scope.Get<TwoFactorEnrolment>().StartAsync(caller);

        Assert.True(status.Value.Enabled);
        Assert.Equal(TwoFactorEnrolment.RecoveryCodeCount, status.Value.RecoveryCodesLeft);
        Assert.Null(status.Value.SharedKey);
        Assert.Equal(Iso.Web.Application.ProblemKind.Conflict, again.Problem!.Kind);
    }

    [Fact]
    public async Task ApiLogin_WithTwoFactorOn_AsksForTheCode_RefusesAWrongOne_AndAcceptsTheAppsCodeOrARecoveryCode()
    {
        var (userName, key, recoveryCodes) = await EnrolledAccountAsync();
        using var client = factory.CreateAnonymousClient();
        var code = Totp.Code(key, DateTimeOffset.UtcNow);
        var wrongCode = ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        using var withoutCode = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Password }, Ct);
        using var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Password, twoFactorCode = wrongCode }, Ct);
        using var withCode = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Password, twoFactorCode = code }, Ct);
        using var withRecovery = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Password, twoFactorRecoveryCode = recoveryCodes[0] }, Ct);
        using var recoveryAgain = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Password, twoFactorRecoveryCode = recoveryCodes[0] }, Ct);
        using var wrongPasswordWithCode = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = "sai", twoFactorCode = code }, Ct);

        var problem = await HttpAssert.ProblemAsync(withoutCode, HttpStatusCode.Unauthorized);
        Assert.True(problem.GetProperty("twoFactorRequired").GetBoolean());
        Assert.True((await HttpAssert.ProblemAsync(wrong, HttpStatusCode.Unauthorized)).GetProperty("twoFactorRequired").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        Assert.False(string.IsNullOrEmpty((await withCode.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()));
        Assert.Equal(HttpStatusCode.OK, withRecovery.StatusCode);
        await HttpAssert.ProblemAsync(recoveryAgain, HttpStatusCode.Unauthorized);
        var failed = await HttpAssert.ProblemAsync(wrongPasswordWithCode, HttpStatusCode.Unauthorized);
        Assert.False(failed.TryGetProperty("twoFactorRequired", out _));
    }

    [Fact]
    public async Task FormLogin_WithTwoFactorOn_AsksForTheCodeOnASecondStep()
    {
        var (userName, key, _) = await EnrolledAccountAsync();
        using var browser = Browser.Create(factory);

        using var first = await Browser.SignInAsync(browser, userName, Password);
        var location = first.Headers.Location!;
        var second = location.IsAbsoluteUri ? location.PathAndQuery : "/" + location.OriginalString.TrimStart('/');
        using var beforeCode = await browser.GetAsync("/api/v1/me", Ct);
        using var wrong = await Browser.PostFormAsync(browser, second, "login-two-factor", new Dictionary<string, string> { ["Input.Code"] = "000000" });
        using var verified = await Browser.PostFormAsync(browser, second, "login-two-factor",
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        using var after = await browser.GetAsync("/api/v1/me", Ct);

        Assert.StartsWith("/login/ma-xac-thuc?returnUrl=%2F", second, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, beforeCode.StatusCode);
        Assert.Contains("Mã không đúng", await Browser.HtmlAsync(wrong), StringComparison.Ordinal);
        Assert.True(verified.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"The code form answered {(int)verified.StatusCode}.");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>A new account with its own password and an enrolled authenticator: user name, key, recovery codes.</summary>
    private async Task<(string UserName, string Key, IReadOnlyList<string> RecoveryCodes)> EnrolledAccountAsync()
    {
        OneTimePassword account;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            account = await Fresh.AccountAsync(scope, Demo.JusticeCode);
        }

        using var anonymous = factory.CreateAnonymousClient();
        (await anonymous.PostAsJsonAsync("/api/v1/auth/change-password",
            new { userName = account.UserName, currentPassword = account.Password, newPassword = Password }, Ct)).EnsureSuccessStatusCode();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var caller = await scope.ServiceProvider.CallerAsync(account.UserName);
            var enrolment = scope.Get<TwoFactorEnrolment>();
            Assert.True((await enrolment.StartAsync(caller)).Succeeded);
            var status = await enrolment.GetAsync(caller);
            var key = status.Value.SharedKey!;
            Assert.StartsWith("otpauth://totp/", status.Value.AuthenticatorUri, StringComparison.Ordinal);
            Assert.StartsWith("<svg", status.Value.QrCodeSvg!.TrimStart(), StringComparison.Ordinal);
            var wrong = await enrolment.EnableAsync(caller, "12345");
            Assert.Equal(["code"], wrong.Problem!.Errors.Keys);
            var enabled = await enrolment.EnableAsync(caller, Totp.Code(key, DateTimeOffset.UtcNow));
            Assert.True(enabled.Succeeded, enabled.Problem?.ToString());
            return (account.UserName, key, enabled.Value);
        }
    }
}
