using System.Globalization;
using Iso.Data;
using Iso.Web.Cases.Simulation;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Iso.Web.Workflows;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Iso.Web.Startup;

/// <summary>Brings the database up to date (and seeds the demo data when <c>Iso:SeedDemoData</c>, by default in Development only; elsewhere it refuses
/// to start while a demo account keeps the published password) before the
/// server accepts requests — StartingAsync runs before any hosted service starts — then tells the person who
/// started the app where to open it.</summary>
internal sealed class DatabaseStartup(IServiceProvider services, IServer server, IHostEnvironment environment) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await services.InitializeIsoDataAsync(cancellationToken);
        var options = services.GetRequiredService<IOptions<IsoOptions>>().Value;
        await WorkflowTemplateSeeder.SeedAsync(services, options.SeedDemoData == true, cancellationToken);
        if (options.SeedDemoData == true && options.DemoCases is > 0 and var demoCases)
        {
            await SeedDemoCasesAsync(demoCases, cancellationToken);
        }

        if (!environment.IsDevelopment() && !options.AllowDemoPasswords)
        {
            await DemoPasswordGuard.EnsureNoDemoPasswordAsync(services, cancellationToken);
        }
    }

    /// <summary>Before the server and the timers start, nothing else writes: the bulk path may run (ADR 0027). Only into a
    /// database without cases, so a restart or a real database is never filled again.</summary>
    private async Task SeedDemoCasesAsync(int count, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        if (await db.Set<WorkflowCaseRecord>().AnyAsync(cancellationToken))
        {
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var seeder = ActivatorUtilities.CreateInstance<CaseSeeder>(scope.ServiceProvider);
        // Besides the year's cases, work in progress at every human step, so that every demo role's inbox has some.
        var inbox = await seeder.DemoInboxPlansAsync(cancellationToken);
        var result = await seeder.RunBulkAsync(count, Math.Max(2, Environment.ProcessorCount) * 4, 5000, randomSeed: 2026, _ => { }, inbox, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Đã tạo {result.Done} hồ sơ demo trong 12 tháng qua ({result.OnTime} đúng hạn, {result.Late + result.LateWithApology} trễ hạn, {result.InProgress} đang giải quyết, trong đó {inbox.Count} đang chờ ở các bước xử lý) trong {clock.ElapsedMilliseconds} ms."));
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is { Count: > 0 })
        {
            Console.WriteLine();
            Console.WriteLine($"ISO điện tử đang chạy. Mở trong trình duyệt: {string.Join("  ", addresses)}");
            Console.WriteLine(services.GetRequiredService<IOptions<IsoOptions>>().Value.SeedDemoData == true
                ? "Tài khoản demo: xem README.md, mục \"Demo logins\"."
                : "Chưa có tài khoản? Tạo quản trị viên đầu tiên: dotnet run --project src/Iso.Web -- admin create --user <tên> (README.md).");
            Console.WriteLine();
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
