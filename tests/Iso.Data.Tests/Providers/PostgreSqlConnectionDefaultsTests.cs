using Iso.Data.Providers;
using Npgsql;

namespace Iso.Data.Tests.Providers;

/// <summary>The PostgreSQL connection settings the app adds (ADR 0031) are defaults: an operator's own value wins, in
/// either spelling of the keyword.</summary>
public sealed class PostgreSqlConnectionDefaultsTests
{
    [Fact]
    public void AConnectionStringWithoutThem_GetsNoResetOnClose_AndAutoPrepare_KeepingEverythingElse()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgreSqlProvider.WithDefaults("Host=db.example;Port=5433;Username=iso;Database=iso;Maximum Pool Size=40"));

        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(("db.example", 5433, "iso", "iso", 40), (tuned.Host, tuned.Port, tuned.Username, tuned.Database, tuned.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Database=iso;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;Database=iso;noresetonclose=false;MAXAUTOPREPARE=0")]
    public void AnOperatorsOwnValues_AreKept(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgreSqlProvider.WithDefaults(connectionString));

        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
    }
}
