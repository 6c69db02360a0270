using System.Net;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Localization;

public sealed class CultureEndpointsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetCulture_English_SetsCookie_RedirectsBack_AndTheUiSpeaksEnglish()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/culture/set?culture=en&redirectUri=%2Flogin", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var page = await client.SendAsync(request, Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<h1>Sign in</h1>", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetCulture_WithForeignRedirect_GoesToTheRootInstead()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/culture/set?culture=vi&redirectUri=https%3A%2F%2Fevil.example%2F", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SetCulture_Unsupported_Is400ProblemListingTheChoices()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/culture/set?culture=fr&redirectUri=%2F", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("vi, en", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
