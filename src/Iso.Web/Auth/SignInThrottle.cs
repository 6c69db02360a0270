using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Iso.Web.Auth;

/// <summary>Marks an endpoint whose POST is a sign-in attempt (token login, token refresh, the login form):
/// the throttle counts it per client address and, when it names an account, per account.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SignInAttemptAttribute : Attribute;

/// <summary>Throttles sign-in attempts with ASP.NET Core's rate limiter: one fixed window per client address and
/// one per account, chained, so a burst from one address and a slow spray at one account are both refused
/// (429 with Retry-After). Replaces Identity's lockout-on-failure (ADR 0007).</summary>
public sealed class SignInThrottle(IOptions<IsoSignInOptions> options, ILookupNormalizer normalizer)
{
    private const string AccountItem = "iso:sign-in-account";
    private const int MaxKeyLength = 256;

    // Bumped by an administrator's unlock: the account gets a fresh partition (the old one idles out).
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    /// <summary>The account key of a user name: trimmed, normalised as Identity looks names up, bounded.</summary>
    public string? AccountKey(string? userName)
    {
        var trimmed = userName?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        var key = normalizer.NormalizeName(trimmed) ?? trimmed;
        return key.Length > MaxKeyLength ? key[..MaxKeyLength] : key;
    }

    /// <summary>Gives the account its full allowance again (administrator's unlock).</summary>
    public void Reset(string userName)
    {
        if (AccountKey(userName) is { } key)
        {
            _generations.AddOrUpdate(key, 1, (_, generation) => generation + 1);
        }
    }

    internal PartitionedRateLimiter<HttpContext> CreateLimiter()
    {
        var settings = options.Value;
        var byAddress = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsSignInAttempt(context)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => Window(settings.PermitsPerAddress, settings.Window))
                : RateLimitPartition.GetNoLimiter(string.Empty));
        var byAccount = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsSignInAttempt(context) && context.Items[AccountItem] is string account
                ? RateLimitPartition.GetFixedWindowLimiter(
                    string.Create(CultureInfo.InvariantCulture, $"account:{account}#{_generations.GetValueOrDefault(account)}"),
                    _ => Window(settings.PermitsPerAccount, settings.Window))
                : RateLimitPartition.GetNoLimiter(string.Empty));
        return PartitionedRateLimiter.CreateChained(byAddress, byAccount);
    }

    /// <summary>Reads the user name of a sign-in attempt (JSON body or login form) before the rate limiter,
    /// whose partition callback cannot read the body.</summary>
    internal async Task ReadAccountAsync(HttpContext context)
    {
        if (!IsSignInAttempt(context))
        {
            return;
        }

        string? userName = null;
        var request = context.Request;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            userName = form["Input.UserName"].ToString();
        }
        else if (request.HasJsonContentType() && request.ContentLength is null or <= 16 * 1024)
        {
            request.EnableBuffering();
            try
            {
                var login = await JsonSerializer.DeserializeAsync<LoginRequest>(request.Body, JsonSerializerOptions.Web, context.RequestAborted);
                userName = login?.UserName;
            }
            catch (JsonException)
            {
                // Not a login body: the endpoint answers 400; the address window still counts it.
            }
            finally
            {
                request.Body.Position = 0;
            }
        }

        if (AccountKey(userName) is { } key)
        {
            context.Items[AccountItem] = key;
        }
    }

    private static bool IsSignInAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<SignInAttemptAttribute>() is not null;

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

internal static class SignInThrottleRegistration
{
    public static IServiceCollection AddIsoSignInThrottle(this IServiceCollection services)
    {
        services.AddOptions<IsoSignInOptions>().BindConfiguration(IsoSignInOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<SignInThrottle>((options, throttle) =>
        {
            options.GlobalLimiter = throttle.CreateLimiter();
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>After routing (the limiter looks at the endpoint), before authentication.</summary>
    public static IApplicationBuilder UseIsoSignInThrottle(this IApplicationBuilder app)
    {
        var throttle = app.ApplicationServices.GetRequiredService<SignInThrottle>();
        app.Use(async (context, next) =>
        {
            await throttle.ReadAccountAsync(context);
            await next(context);
        });
        return app.UseRateLimiter();
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            // The login form: the status page explains. It is re-executed with the request's method, and a POST
            // to a page is a form submission (refused without its form), so it is re-executed as a GET.
            context.Request.Method = HttpMethods.Get;
            return;
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many sign-in attempts.",
                Detail = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Too many sign-in attempts from this address or for this account; try again in {seconds} s (see Retry-After)."),
            },
        });
    }
}
