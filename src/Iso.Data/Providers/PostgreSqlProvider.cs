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

    /// <summary>
    /// Controlled documents in the database itself (as <c>SqliteProvider.CreateDocumentTriggers</c>): an issued version
    /// cannot be changed or deleted, except an effective one moving on to superseded or obsolete (whole rows are
    /// compared as JSON without the lifecycle columns); its attachments cannot change; and a <c>document.publish</c>
    /// effect row makes the version under review effective and supersedes the one before, in the same transaction.
    /// </summary>
    public static void CreateDocumentTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE FUNCTION iso_document_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD."Status" IN ('Effective', 'Superseded', 'Obsolete') THEN
                    IF TG_OP = 'DELETE'
                        OR NOT (OLD."Status" = 'Effective' AND NEW."Status" IN ('Superseded', 'Obsolete'))
                        OR (to_jsonb(NEW) - ARRAY['Status', 'SupersededAt', 'ObsoletedAt']) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['Status', 'SupersededAt', 'ObsoletedAt'])
                    THEN
                        RAISE EXCEPTION 'Issued document versions are immutable: % is not allowed.', TG_OP USING ERRCODE = 'restrict_violation';
                    END IF;
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END;
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_DocumentVersions_Issued_Immutable" BEFORE UPDATE OR DELETE ON "DocumentVersions"
            FOR EACH ROW EXECUTE FUNCTION iso_document_version_immutable();
            """);
        migrationBuilder.Sql("""
            CREATE FUNCTION iso_document_attachment_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                version_id uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW."VersionId" ELSE OLD."VersionId" END;
            BEGIN
                IF (SELECT "Status" FROM "DocumentVersions" WHERE "Id" = version_id) IN ('Effective', 'Superseded', 'Obsolete') THEN
                    RAISE EXCEPTION 'Issued document versions are immutable: their attachments cannot change.' USING ERRCODE = 'restrict_violation';
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END;
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_DocumentAttachments_Issued_Immutable" BEFORE INSERT OR UPDATE OR DELETE ON "DocumentAttachments"
            FOR EACH ROW EXECUTE FUNCTION iso_document_attachment_immutable();
            """);
        migrationBuilder.Sql("""
            CREATE FUNCTION iso_document_publish() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                version_id uuid;
                document_id uuid;
            BEGIN
                SELECT "Id", "DocumentId" INTO version_id, document_id
                FROM "DocumentVersions" WHERE "ReviewCaseId" = NEW."CaseId" AND "Status" = 'InReview';
                IF version_id IS NULL THEN
                    RAISE EXCEPTION 'document.publish: no document version of this case is in review.' USING ERRCODE = 'restrict_violation';
                END IF;
                UPDATE "DocumentVersions" SET "Status" = 'Superseded', "SupersededAt" = NEW."CreatedAt"
                WHERE "DocumentId" = document_id AND "Status" = 'Effective';
                UPDATE "DocumentVersions" SET "Status" = 'Effective', "ApprovedById" = NEW."ActorId", "ApprovedByName" = COALESCE(NEW."ActorName", (SELECT "FullName" FROM "AspNetUsers" WHERE "Id" = NEW."ActorId")),
                    "ApprovedAt" = NEW."CreatedAt", "EffectiveOn" = NEW."Value"::date
                WHERE "Id" = version_id;
                UPDATE "Documents" SET "EffectiveVersionId" = version_id,
                    "Title" = (SELECT "Title" FROM "DocumentVersions" WHERE "Id" = version_id)
                WHERE "Id" = document_id;
                RETURN NEW;
            END;
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_WorkflowEffects_DocumentPublish" AFTER INSERT ON "WorkflowEffects"
            FOR EACH ROW WHEN (NEW."Kind" = 'document.publish') EXECUTE FUNCTION iso_document_publish();
            """);
    }

    public static void DropDocumentTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_WorkflowEffects_DocumentPublish" ON "WorkflowEffects";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_DocumentAttachments_Issued_Immutable" ON "DocumentAttachments";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_DocumentVersions_Issued_Immutable" ON "DocumentVersions";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_document_publish();");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_document_attachment_immutable();");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_document_version_immutable();");
    }

    /// <summary>
    /// Records control in the database itself: a <c>record.archive</c> row of <c>WorkflowEffects</c> (staged by the
    /// records-control step, value <c>recordTypeId|caseId|destination</c>) writes the record's archive row in the same
    /// transaction; a record already archived stays as it was. Called from the DocumentCopiesAndRecords migration.
    /// </summary>
    public static void CreateRecordArchiveTrigger(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE FUNCTION iso_record_archive() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO "RecordArchives" ("Id", "AgencyId", "RecordTypeId", "CaseId", "ArchivedAt", "DecisionCaseId", "DecidedById", "Destination")
                VALUES (NEW."Id", NEW."AgencyId", substr(NEW."Value", 1, 36)::uuid, substr(NEW."Value", 38, 36)::uuid, NEW."CreatedAt", NEW."CaseId", NEW."ActorId",
                    NULLIF(substr(NEW."Value", 75), ''))
                ON CONFLICT ("RecordTypeId", "CaseId") DO NOTHING;
                RETURN NEW;
            END;
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_WorkflowEffects_RecordArchive" AFTER INSERT ON "WorkflowEffects"
            FOR EACH ROW WHEN (NEW."Kind" = 'record.archive') EXECUTE FUNCTION iso_record_archive();
            """);
    }

    public static void DropRecordArchiveTrigger(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_WorkflowEffects_RecordArchive" ON "WorkflowEffects";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_record_archive();");
    }

    private sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => value.ToUniversalTime(),
        value => value);
}
