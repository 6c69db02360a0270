using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Iso.Data.Providers;

/// <summary>Everything that is special about PostgreSQL, in one place.</summary>
public static class PostgreSqlProvider
{
    internal static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString);

    /// <summary>Instants are <c>timestamptz</c>; Npgsql only writes offset-zero values, so every instant is made UTC first.</summary>
    internal static void ConfigureConventions(ModelConfigurationBuilder builder) =>
        builder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();

    /// <summary><c>unaccent</c> is reserved for full-text search that ignores Vietnamese diacritics.</summary>
    internal static void OnModelCreating(ModelBuilder builder) =>
        builder.HasPostgresExtension("unaccent");

    /// <summary>History rows are append-only: the database itself raises on UPDATE, DELETE and TRUNCATE.
    /// Called from the InitialCreate migration; re-add the call when migrations are regenerated.</summary>
    public static void CreateHistoryTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE FUNCTION iso_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'History is append-only: % is not allowed.', TG_OP USING ERRCODE = 'restrict_violation';
            END;
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_History_AppendOnly" BEFORE UPDATE OR DELETE ON "History"
            FOR EACH ROW EXECUTE FUNCTION iso_history_append_only();
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_History_NoTruncate" BEFORE TRUNCATE ON "History"
            FOR EACH STATEMENT EXECUTE FUNCTION iso_history_append_only();
            """);
    }

    public static void DropHistoryTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_History_NoTruncate" ON "History";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_History_AppendOnly" ON "History";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_history_append_only();");
    }

    private sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => value.ToUniversalTime(),
        value => value);
}
