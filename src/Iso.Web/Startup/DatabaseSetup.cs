using Iso.Data;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Startup;

/// <summary>Migrates the database and seeds the demo data; shared by the CLI verbs and the web app's start-up.</summary>
public sealed class DatabaseSetup(IsoDbContext db)
{
    public Task MigrateAsync(CancellationToken cancellationToken) => db.Database.MigrateAsync(cancellationToken);

    public Task SeedDemoDataAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string Describe() => db.Database.GetDbConnection().DataSource;
}
