using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.EndToEnd.Tests;

/// <summary>The real app on a real socket (127.0.0.1, free port) with its own SQLite data folder and demo data.</summary>
public sealed class IsoAppServer : WebApplicationFactory<Program>
{
    public IsoAppServer()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "iso-e2e-" + Guid.NewGuid().ToString("N"));

    public Uri BaseAddress => new(
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Serve _framework/ and _content/ from the build output, as a published app would.
        builder.UseStaticWebAssets();
        builder.UseSetting("Iso:DataDirectory", DataDirectory);
        builder.UseSetting("Iso:SeedDemoData", "true");
        builder.UseSetting("Iso:AllowDemoPasswords", "true");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
