using System.Collections.Concurrent;
using System.Net;
using Iso.Data.Identity;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Iso.Web.Tests.Auth;

/// <summary>An app of its own (own SQLite file) with a small sign-in throttle, a client address taken from the
/// <c>X-Test-Client</c> header (so that each test is its own "address") and a password hasher that records what it verified.</summary>
public class SignInHost : IAsyncLifetime
{
    public const int PermitsPerAddress = 6;
    public const int PermitsPerAccount = 3;

    private readonly IsoWebFactory _parent = new();
    private WebApplicationFactory<Program>? _app;

    public ConcurrentBag<string> VerifiedPasswords { get; } = [];

    public IServiceProvider Services => _app!.Services;

    /// <summary>Long enough that a test's burst always falls in one window.</summary>
    public virtual TimeSpan Window => TimeSpan.FromMinutes(1);

    public ValueTask InitializeAsync()
    {
        _app = _parent.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Iso:SignIn:PermitsPerAddress", PermitsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Iso:SignIn:PermitsPerAccount", PermitsPerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Iso:SignIn:Window", Window.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
            builder.ConfigureServices(services =>
            {
                services.AddTransient<IStartupFilter, ClientAddressFromHeader>();
                services.RemoveAll<IPasswordHasher<IsoUser>>();
                services.AddScoped<IPasswordHasher<IsoUser>>(_ => new RecordingPasswordHasher(VerifiedPasswords));
            });
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>A client that appears to come from its own address.</summary>
    public HttpClient CreateClient(string address)
    {
        var client = _app!.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _parent.DisposeAsync();
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Client";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class RecordingPasswordHasher(ConcurrentBag<string> verified) : IPasswordHasher<IsoUser>
    {
        private readonly PasswordHasher<IsoUser> _inner = new();

        public string HashPassword(IsoUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(IsoUser user, string hashedPassword, string providedPassword)
        {
            verified.Add(providedPassword);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>The same app with a short window, for the tests that wait a window out.</summary>
public sealed class ShortWindowSignInHost : SignInHost
{
    public override TimeSpan Window => TimeSpan.FromSeconds(1);
}
