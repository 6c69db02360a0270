using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Iso.Web.Tests.Accounts;

/// <summary>A cookie browser without JavaScript: reads a page's antiforgery field and posts its plain forms, as the
/// static sign-in pages expect.</summary>
internal static partial class Browser
{
    public static HttpClient Create<T>(WebApplicationFactory<T> factory)
        where T : class =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>GETs <paramref name="page"/>, then posts its form <paramref name="formName"/> with the fields; returns the answer.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string formName, IDictionary<string, string> fields)
    {
        var html = await browser.GetStringAsync(page, TestContext.Current.CancellationToken);
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(token), $"{page} has no antiforgery field.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = token });
        return await browser.PostAsync(page, form, TestContext.Current.CancellationToken);
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string userName, string password) =>
        await PostFormAsync(browser, "/login", "login", new Dictionary<string, string> { ["Input.UserName"] = userName, ["Input.Password"] = password });

    /// <summary>The page's text with character references decoded (the renderer encodes Vietnamese letters).</summary>
    public static async Task<string> HtmlAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
