using Iso.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Iso.Data;

/// <summary>Used by <c>dotnet ef migrations add</c> only; generating migrations does not connect to a database.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIsoDbContext>
{
    public SqliteIsoDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteIsoDbContext>();
        builder.UseSqlite("Data Source=design-time.db");
        return new SqliteIsoDbContext(builder.Options);
    }
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlIsoDbContext>
{
    public PostgreSqlIsoDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgreSqlIsoDbContext>();
        PostgreSqlProvider.Configure(builder, "Host=localhost;Database=iso_design_time;Username=iso");
        return new PostgreSqlIsoDbContext(builder.Options);
    }
}
