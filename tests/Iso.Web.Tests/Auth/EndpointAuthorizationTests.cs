using System.Net;
using System.Text.RegularExpressions;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Auth;

/// <summary>The fallback policy: every endpoint of the real app needs a signed-in person unless it is marked anonymous,
/// and the anonymous ones are exactly the list below (adding one is a decision, made here).</summary>
public sealed partial class EndpointAuthorizationTests(IsoWebFactory factory)
{
    private static readonly string[] DeliberatelyAnonymous =
    [
        "GET /health",
        "GET /health/live",
        "GET /health/ready",
        "GET /openapi/{documentName}.json",
        "GET /culture/set",
        "POST /api/v1/auth/login",
        "POST /api/v1/auth/refresh",
        "POST /api/v1/auth/change-password",
        "GET /login/ma-xac-thuc",
        "POST /login/ma-xac-thuc",
        "GET /login",
        "POST /login",
        "GET /error",
        "POST /error",
        "GET /not-found",
        "POST /not-found",
        "GET /status/{Code:int}",
        "POST /status/{Code:int}",
        // The citizen lookup (issue 12): status and appointment date only, by case code, rate-limited per address.
        "GET /api/v1/public/cases/{code}",
        "GET /tra-cuu",
        "POST /tra-cuu",
        // The public portal of an agency's quality policy, objectives and procedures in force (issue 11), rate-limited.
        "GET /api/v1/public/agencies/{code}/documents",
        "GET /api/v1/public/agencies/{code}/documents/{documentCode}",
        "GET /cong-khai/{AgencyCode}",
        "POST /cong-khai/{AgencyCode}",
        "GET /cong-khai/{AgencyCode}/{DocumentCode}",
        "POST /cong-khai/{AgencyCode}/{DocumentCode}",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FallbackPolicy_RequiresASignedInPerson()
    {
        var policies = factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();

        var fallback = await policies.GetFallbackPolicyAsync();

        Assert.NotNull(fallback);
        Assert.Contains(fallback.Requirements, r => r is DenyAnonymousAuthorizationRequirement);
    }

    [Fact]
    public void EveryEndpoint_IsAuthorisedOrExplicitlyAnonymous_AndTheAnonymousOnesAreTheDeliberateOnes()
    {
        var endpoints = Endpoints();

        var anonymous = endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.Name);
        var unmarked = endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
            && !e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any()).Select(e => e.Name);

        Assert.Equal(DeliberatelyAnonymous.Order(StringComparer.Ordinal), anonymous.Order(StringComparer.Ordinal));
        // The rest either name a policy or fall back to the signed-in one (the Blazor hub, logout, …); the next test proves they refuse strangers.
        Assert.NotEmpty(unmarked);
    }

    [Fact]
    public async Task EveryEndpointThatIsNotAnonymous_RefusesAnAnonymousRequest()
    {
        using var anonymous = factory.CreateAnonymousClient();
        var refusedOrWrong = new List<string>();

        foreach (var (name, endpoint) in Endpoints().Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var (method, pattern) = (name[..name.IndexOf(' ', StringComparison.Ordinal)], name[(name.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            using var request = new HttpRequestMessage(new HttpMethod(method), Fill(pattern));
            if (method != "GET")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await anonymous.SendAsync(request, Ct);
            var signInRequired = response.StatusCode == HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/login", StringComparison.Ordinal) == true);
            if (!signInRequired)
            {
                refusedOrWrong.Add($"{name} answered {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.Empty(refusedOrWrong);
    }

    /// <summary>Route endpoints as "METHOD /pattern", one per method; framework endpoints (static assets) are left out.</summary>
    private List<(string Name, RouteEndpoint Endpoint)> Endpoints() =>
    [
        .. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => ($"{m} /{e.RoutePattern.RawText!.TrimStart('/')}", e)))
            .Where(e => !IsStaticAsset(e.e))
            .Distinct(),
    ];

    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal));

    private static string Fill(string pattern) =>
        RouteParameter().Replace(pattern, m => m.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
            : m.Value.StartsWith("{**", StringComparison.Ordinal) ? "missing.txt"
            : m.Value.Contains(":int", StringComparison.Ordinal) ? "1"
            : "x");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
