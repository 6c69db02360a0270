using Iso.Data;
using Iso.Web.Workflows;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Iso.Web.Startup;

/// <summary>Brings the database up to date (and seeds the demo data when <c>Iso:SeedDemoData</c>) before the
/// server accepts requests — StartingAsync runs before any hosted service starts — then tells the person who
/// started the app where to open it.</summary>
internal sealed class DatabaseStartup(IServiceProvider services, IServer server) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await services.InitializeIsoDataAsync(cancellationToken);
        var demo = services.GetRequiredService<IOptions<IsoOptions>>().Value.SeedDemoData;
        await WorkflowTemplateSeeder.SeedAsync(services, demo, cancellationToken);
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is { Count: > 0 })
        {
            Console.WriteLine();
            Console.WriteLine($"ISO điện tử đang chạy. Mở trong trình duyệt: {string.Join("  ", addresses)}");
            Console.WriteLine("Tài khoản demo: xem README.md, mục \"Demo logins\".");
            Console.WriteLine();
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
