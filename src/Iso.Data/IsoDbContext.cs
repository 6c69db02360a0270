using Iso.Data.History;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data;

/// <summary>The product's database. Provider-specific subclasses (<see cref="SqliteIsoDbContext"/>,
/// <see cref="PostgreSqlIsoDbContext"/>) exist only so that each provider has its own migrations.</summary>
public abstract class IsoDbContext(DbContextOptions options)
    : IdentityDbContext<IsoUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<AgencyKind> AgencyKinds => Set<AgencyKind>();

    public DbSet<Agency> Agencies => Set<Agency>();

    public DbSet<OrgUnit> Units => Set<OrgUnit>();

    public DbSet<HistoryEntry> History => Set<HistoryEntry>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(IsoDbContext).Assembly);
    }
}

public sealed class SqliteIsoDbContext(DbContextOptions<SqliteIsoDbContext> options) : IsoDbContext(options);

public sealed class PostgreSqlIsoDbContext(DbContextOptions<PostgreSqlIsoDbContext> options) : IsoDbContext(options);
