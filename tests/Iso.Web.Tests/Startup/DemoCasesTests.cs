using Iso.Data;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Startup;

/// <summary>The demo (Development by default) starts with cases played through the engine, once: a restart adds none.</summary>
public sealed class DemoCasesTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "iso-demo-cases-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task DemoStart_PlaysTheDemoCasesIntoAnEmptyDatabase_AndNotAgainOnRestart()
    {
        Assert.Equal(25, await StartAndCountCasesAsync());
        Assert.Equal(25, await StartAndCountCasesAsync());
    }

    private async Task<int> StartAndCountCasesAsync()
    {
        await using var app = new DemoApp(_dataDirectory);
        app.StartServer();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var cases = await db.Set<WorkflowCaseRecord>().AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.All(cases, c => Assert.False(string.IsNullOrEmpty(c.DefinitionKey)));
        // Each was received at the one-stop desk (so its receipt prints), with a person's name, not a placeholder.
        var clerks = await db.Users.AsNoTracking().Join(db.Units.Where(u => u.Code == "MOT-CUA"), u => u.UnitId, x => (Guid?)x.Id, (u, x) => u.Id)
            .ToListAsync(TestContext.Current.CancellationToken);
        var receptions = await db.CaseReceptions.AsNoTracking().ToDictionaryAsync(r => r.CaseId, TestContext.Current.CancellationToken);
        Assert.All(cases, c =>
        {
            var reception = Assert.Contains(c.Id, receptions);
            Assert.Equal(Iso.Web.Cases.Simulation.DemoApplicants.For(c.Code!).Name, reception.ApplicantName);
            Assert.Matches("^[0-9]{12}$", reception.ApplicantIdNumber);
            Assert.Matches("^0[0-9]{9}$", reception.ApplicantPhone);
            Assert.Contains("Lâm Đồng", reception.ApplicantAddress, StringComparison.Ordinal);
            Assert.StartsWith("[{\"name\":", reception.DocumentsJson, StringComparison.Ordinal);
            Assert.Contains(reception.ReceivedById, clerks);
        });
        return cases.Count;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private sealed class DemoApp(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Iso:DataDirectory", dataDirectory);
            builder.UseSetting("Iso:SeedDemoData", "true");
            builder.UseSetting("Iso:AllowDemoPasswords", "true");
            builder.UseSetting("Iso:DemoCases", "25");
        }
    }
}
