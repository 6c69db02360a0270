using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Iso.Data.Providers;

/// <summary>Everything that is special about PostgreSQL, in one place.</summary>
public static class PostgreSqlProvider
{
    internal static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString);

    /// <summary>
    /// The connection string with the settings the app's use of PostgreSQL wants, unless it sets them itself (ADR 0031):
    /// <c>No Reset On Close</c> — the app keeps no session state on a connection (no session SET, LISTEN, temporary
    /// table or session advisory lock; transactions still end when a connection goes back), so the six reset statements
    /// Npgsql otherwise sends at every reuse (six a request per connection taken, more than the request's own) are
    /// left out; <c>Max Auto Prepare</c> 64 — the engine's and the pages' statements, used over and over, are prepared
    /// on each connection after a few uses instead of being parsed and planned each time.
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Has(params string[] keys) => keys.Any(k => given.Keys.Cast<string>().Any(g => string.Equals(g.Replace(" ", string.Empty, StringComparison.Ordinal), k, StringComparison.OrdinalIgnoreCase)));
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Has("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Has("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    /// <summary>Instants are <c>timestamptz</c>; Npgsql only writes offset-zero values, so every instant is made UTC first.</summary>
    internal static void ConfigureConventions(ModelConfigurationBuilder builder) =>
        builder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();

    /// <summary><c>unaccent</c> is reserved for full-text search that ignores Vietnamese diacritics.</summary>
    internal static void OnModelCreating(ModelBuilder builder) =>
        builder.HasPostgresExtension("unaccent");

    /// <summary>Apologies written before drafts existed were drafted when they were written: their drafting moment is that
    /// one. Called from the CaseApologies migration; re-add the call when migrations are regenerated.</summary>
    public static void BackfillApologyDrafts(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""UPDATE "WorkflowApologies" SET "DraftedAt" = "IssuedAt" WHERE "IssuedAt" IS NOT NULL;""");
    }

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

    /// <summary>
    /// A procedure document publishes its workflow (ADR 0025, as <c>SqliteProvider.CreateDocumentProcedureTriggers</c>):
    /// a <c>document.publish</c> effect row whose version carries a procedure draft publishes that draft and retires the
    /// key's published version of the agency, with their procedure events, in the same transaction, or aborts the step
    /// when the carried version is no longer a draft. (The immutability trigger compares whole rows: it needs no change.)
    /// Called from the DocumentProcedureVersion migration; re-add the call when migrations are regenerated.
    /// </summary>
    public static void CreateDocumentProcedureTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE FUNCTION iso_document_procedure_publish() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                definition_id uuid;
                version_agency uuid;
                document_code text;
                issue_no integer;
                owner_id uuid;
                definition_key text;
                definition_version integer;
                definition_status integer;
                actor uuid := COALESCE(NEW."ActorId", '00000000-0000-0000-0000-000000000000'::uuid);
                actor_name text := COALESCE(NEW."ActorName", (SELECT "FullName" FROM "AspNetUsers" WHERE "Id" = NEW."ActorId"), '');
            BEGIN
                SELECT v."ProcedureDefinitionId", v."AgencyId", d."Code", v."IssueNo" INTO definition_id, version_agency, document_code, issue_no
                FROM "DocumentVersions" AS v JOIN "Documents" AS d ON d."Id" = v."DocumentId"
                WHERE v."ReviewCaseId" = NEW."CaseId";
                IF definition_id IS NULL THEN
                    RETURN NEW;
                END IF;
                SELECT "OwnerAgencyId", "Key", "Version", "Status" INTO owner_id, definition_key, definition_version, definition_status
                FROM "WorkflowDefinitions" WHERE "Id" = definition_id;
                IF definition_status IS DISTINCT FROM 0 OR owner_id IS DISTINCT FROM version_agency THEN
                    RAISE EXCEPTION 'document.publish: the procedure draft this document version carries is no longer a draft of its agency.' USING ERRCODE = 'restrict_violation';
                END IF;
                INSERT INTO "ProcedureEvents" ("AgencyId", "DefinitionId", "Key", "Version", "Kind", "UserId", "UserName", "At", "Comment")
                SELECT o."OwnerAgencyId", o."Id", o."Key", o."Version", 'retired', actor, actor_name, NEW."CreatedAt", '→ v' || definition_version
                FROM "WorkflowDefinitions" AS o
                WHERE o."OwnerAgencyId" = owner_id AND o."Key" = definition_key AND o."Status" = 1;
                UPDATE "WorkflowDefinitions" SET "Status" = 2, "RetiredAt" = NEW."CreatedAt", "Revision" = "Revision" + 1
                WHERE "OwnerAgencyId" = owner_id AND "Key" = definition_key AND "Status" = 1;
                UPDATE "WorkflowDefinitions" SET "Status" = 1, "PublishedAt" = NEW."CreatedAt", "Revision" = "Revision" + 1
                WHERE "Id" = definition_id;
                INSERT INTO "ProcedureEvents" ("AgencyId", "DefinitionId", "Key", "Version", "Kind", "UserId", "UserName", "At", "Comment")
                VALUES (owner_id, definition_id, definition_key, definition_version, 'approved', actor, actor_name, NEW."CreatedAt",
                    'Tài liệu ' || document_code || ' (lần ban hành ' || issue_no || ')');
                RETURN NEW;
            END;
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_WorkflowEffects_DocumentProcedure" AFTER INSERT ON "WorkflowEffects"
            FOR EACH ROW WHEN (NEW."Kind" = 'document.publish') EXECUTE FUNCTION iso_document_procedure_publish();
            """);
    }

    public static void DropDocumentProcedureTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_WorkflowEffects_DocumentProcedure" ON "WorkflowEffects";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_document_procedure_publish();");
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

    /// <summary>Read-and-understood rounds, as <c>SqliteProvider.CreateDocumentFollowUpTriggers</c>: the
    /// <c>document.publish</c> effect row inserts one acknowledgement per active person of the distribution units, due
    /// after the document's period, in the same transaction.</summary>
    public static void CreateDocumentFollowUpTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE FUNCTION iso_document_acknowledgements() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO "DocumentAcknowledgements" ("VersionId", "UserId", "DocumentId", "AgencyId", "UnitId", "RequestedAt", "DueOn")
                SELECT v."Id", u."Id", v."DocumentId", v."AgencyId", u."UnitId", NEW."CreatedAt", NEW."Value"::date + d."AcknowledgeWithinDays"
                FROM "DocumentVersions" AS v
                JOIN "Documents" AS d ON d."Id" = v."DocumentId"
                JOIN "AspNetUsers" AS u ON u."AgencyId" = v."AgencyId" AND u."IsActive" AND u."UnitId" = ANY (v."Distribution")
                WHERE v."ReviewCaseId" = NEW."CaseId";
                RETURN NEW;
            END;
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_WorkflowEffects_DocumentAcknowledgements" AFTER INSERT ON "WorkflowEffects"
            FOR EACH ROW WHEN (NEW."Kind" = 'document.publish') EXECUTE FUNCTION iso_document_acknowledgements();
            """);
    }

    public static void DropDocumentFollowUpTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_WorkflowEffects_DocumentAcknowledgements" ON "WorkflowEffects";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_document_acknowledgements();");
    }

    /// <summary>
    /// Full-text search of the documents in force (<c>PostgreSqlDocumentSearch</c>). <c>unaccent</c> folds đ/Đ and
    /// every Vietnamese mark, but the function is only STABLE (its dictionary could change), so it cannot feed an index or
    /// a generated column directly: the text search configuration <c>iso_vietnamese</c> (<c>unaccent</c>, then
    /// <c>simple</c>) is used through the IMMUTABLE wrapper <c>iso_search_vector</c>, which also normalises to NFC, and its
    /// result is a stored generated tsvector with a GIN index. <c>"Exact"</c> keeps the diacritics (<c>simple</c>).
    /// The functions pin their search_path so that pg_restore (which empties it) recomputes the columns. A trigger on
    /// <c>DocumentVersions</c> indexes a version when it becomes effective and removes it when it is superseded, made
    /// obsolete or deleted, in the same transaction; existing effective versions are indexed here. Hyphens are read as
    /// spaces (the default parser would make "QT-01" the word "qt" and the number "-01"), as FTS5 and the query do.
    /// pg_trgm is available on our servers but not used: it matches character trigrams, not ranked words, and would
    /// need the same unaccent wrapper. Called from the DocumentSearch migration; re-add the call when migrations are
    /// regenerated.
    /// </summary>
    public static void CreateDocumentSearch(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent;");
        migrationBuilder.Sql("CREATE TEXT SEARCH CONFIGURATION iso_vietnamese (COPY = pg_catalog.simple);");
        migrationBuilder.Sql("""
            ALTER TEXT SEARCH CONFIGURATION iso_vietnamese
                ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
                WITH unaccent, simple;
            """);
        migrationBuilder.Sql("""
            CREATE FUNCTION iso_search_vector(code text, title text, body text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
                SELECT setweight(to_tsvector('iso_vietnamese', translate(coalesce(code, ''), '-', ' ')), 'A')
                    || setweight(to_tsvector('iso_vietnamese', translate(normalize(coalesce(title, ''), NFC), '-', ' ')), 'B')
                    || to_tsvector('iso_vietnamese', translate(normalize(coalesce(body, ''), NFC), '-', ' '))
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE FUNCTION iso_search_exact_vector(code text, title text, body text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
                SELECT to_tsvector('simple', translate(normalize(coalesce(code, '') || ' ' || coalesce(title, '') || ' ' || coalesce(body, ''), NFC), '-', ' '))
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE TABLE "DocumentSearch" (
                "VersionId" uuid NOT NULL CONSTRAINT "PK_DocumentSearch" PRIMARY KEY,
                "DocumentId" uuid NOT NULL,
                "AgencyId" uuid NOT NULL,
                "Code" text NOT NULL,
                "Title" text NOT NULL,
                "Body" text NOT NULL,
                "Folded" tsvector GENERATED ALWAYS AS (iso_search_vector("Code", "Title", "Body")) STORED,
                "Exact" tsvector GENERATED ALWAYS AS (iso_search_exact_vector("Code", "Title", "Body")) STORED);
            """);
        migrationBuilder.Sql("""CREATE INDEX "IX_DocumentSearch_Folded" ON "DocumentSearch" USING GIN ("Folded");""");
        migrationBuilder.Sql("""CREATE INDEX "IX_DocumentSearch_AgencyId" ON "DocumentSearch" ("AgencyId");""");
        migrationBuilder.Sql("""
            CREATE FUNCTION iso_document_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    DELETE FROM "DocumentSearch" WHERE "VersionId" = OLD."Id";
                    RETURN NULL;
                END IF;
                IF TG_OP = 'UPDATE' THEN
                    IF OLD."Status" = NEW."Status" THEN
                        RETURN NULL;
                    END IF;
                    IF OLD."Status" = 'Effective' THEN
                        DELETE FROM "DocumentSearch" WHERE "VersionId" = OLD."Id";
                    END IF;
                END IF;
                IF NEW."Status" = 'Effective' THEN
                    INSERT INTO "DocumentSearch" ("VersionId", "DocumentId", "AgencyId", "Code", "Title", "Body")
                    SELECT NEW."Id", NEW."DocumentId", NEW."AgencyId", d."Code", normalize(NEW."Title", NFC), normalize(NEW."Markdown", NFC)
                    FROM "Documents" d WHERE d."Id" = NEW."DocumentId";
                END IF;
                RETURN NULL;
            END;
            $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_DocumentVersions_Search" AFTER INSERT OR UPDATE OF "Status" OR DELETE ON "DocumentVersions"
            FOR EACH ROW EXECUTE FUNCTION iso_document_search_index();
            """);
        migrationBuilder.Sql("""
            INSERT INTO "DocumentSearch" ("VersionId", "DocumentId", "AgencyId", "Code", "Title", "Body")
            SELECT v."Id", v."DocumentId", v."AgencyId", d."Code", normalize(v."Title", NFC), normalize(v."Markdown", NFC)
            FROM "DocumentVersions" v JOIN "Documents" d ON d."Id" = v."DocumentId" WHERE v."Status" = 'Effective';
            """);
    }

    public static void DropDocumentSearch(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_DocumentVersions_Search" ON "DocumentVersions";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_document_search_index();");
        migrationBuilder.Sql("""DROP TABLE IF EXISTS "DocumentSearch";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_search_exact_vector(text, text, text);");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_search_vector(text, text, text);");
        migrationBuilder.Sql("DROP TEXT SEARCH CONFIGURATION IF EXISTS iso_vietnamese;");
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
