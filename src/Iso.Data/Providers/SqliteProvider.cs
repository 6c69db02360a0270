using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Iso.Data.Providers;

/// <summary>Everything that is special about SQLite, in one place.</summary>
public static class SqliteProvider
{
    /// <summary>How long a writer waits for another writer's lock before failing (milliseconds).</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    internal static void Configure(DbContextOptionsBuilder builder, string connectionString)
    {
        EnsureDataDirectory(connectionString);
        builder.UseSqlite(connectionString);
        builder.AddInterceptors(SqlitePragmas.Instance);
    }

    /// <summary>SQLite has no DateTimeOffset type and EF cannot ORDER BY or compare the text form,
    /// so instants are stored as UTC ticks (a sortable INTEGER).</summary>
    internal static void ConfigureConventions(ModelConfigurationBuilder builder) =>
        builder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();

    /// <summary>Creates the folder of a file database; SQLite creates the file but not its folder.</summary>
    public static void EnsureDataDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>Apologies written before drafts existed were drafted when they were written: their drafting moment is that
    /// one. Called from the CaseApologies migration; re-add the call when migrations are regenerated.</summary>
    public static void BackfillApologyDrafts(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""UPDATE "WorkflowApologies" SET "DraftedAt" = "IssuedAt" WHERE "IssuedAt" IS NOT NULL;""");
    }

    /// <summary>History rows are append-only: the database itself aborts UPDATE and DELETE on them.
    /// Called from the InitialCreate migration; re-add the call when migrations are regenerated.</summary>
    public static void CreateHistoryTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_History_NoUpdate" BEFORE UPDATE ON "History"
            BEGIN SELECT RAISE(ABORT, 'History is append-only: rows cannot be updated.'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_History_NoDelete" BEFORE DELETE ON "History"
            BEGIN SELECT RAISE(ABORT, 'History is append-only: rows cannot be deleted.'); END;
            """);
    }

    public static void DropHistoryTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_History_NoUpdate";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_History_NoDelete";""");
    }

    /// <summary>The columns of <c>DocumentVersions</c> an issued version never changes: all but the lifecycle ones
    /// (<c>DocumentVersion.LifecycleProperties</c>). SQLite triggers cannot compare whole rows, so they are listed;
    /// a data test fails when a column is added to the model and not here.</summary>
    public static IReadOnlyList<string> DocumentVersionContentColumns { get; } =
    [
        "Id", "DocumentId", "AgencyId", "Sequence", "IssueNo", "RevisionNo", "Title", "Markdown", "ChangeSummary", "ChangedSections",
        "Distribution", "ExternalNumber", "ExternalIssuer", "ExternalEffectiveOn", "AuthorId", "CreatedAt", "UpdatedAt", "Revision",
        "ReviewCaseId", "PreparedById", "PreparedByName", "PreparedAt", "ReviewedById", "ReviewedByName", "ReviewedAt",
        "ApprovedById", "ApprovedByName", "ApprovedAt", "EffectiveOn", "ProcedureDefinitionId",
    ];

    /// <summary>The content columns as they were when the Documents migration created the immutability trigger (that
    /// migration must create it over the columns that exist then; DocumentProcedureVersion recreates it over all).</summary>
    private static readonly string[] DocumentsMigrationContentColumns = [.. DocumentVersionContentColumns.Where(c => c != "ProcedureDefinitionId")];

    /// <summary>
    /// Controlled documents in the database itself: an issued version (effective, superseded, obsolete) cannot be
    /// changed or deleted, except an effective one moving on to superseded or obsolete; its attachments cannot change;
    /// and a <c>document.publish</c> effect row (written with the approving workflow step) makes the version under
    /// review effective and supersedes the one before, in the same transaction. Called from the Documents migration.
    /// </summary>
    public static void CreateDocumentTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        CreateIssuedVersionNoUpdateTrigger(migrationBuilder, DocumentsMigrationContentColumns);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_DocumentVersions_Issued_NoDelete" BEFORE DELETE ON "DocumentVersions"
            WHEN OLD."Status" IN ('Effective', 'Superseded', 'Obsolete')
            BEGIN SELECT RAISE(ABORT, 'Issued document versions are immutable: this version cannot be deleted.'); END;
            """);
        foreach (var (operation, row) in new[] { ("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD") })
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_DocumentAttachments_Issued_No{operation[0]}{operation[1..].ToLowerInvariant()}" BEFORE {operation} ON "DocumentAttachments"
                WHEN (SELECT "Status" FROM "DocumentVersions" WHERE "Id" = {row}."VersionId") IN ('Effective', 'Superseded', 'Obsolete')
                BEGIN SELECT RAISE(ABORT, 'Issued document versions are immutable: their attachments cannot change.'); END;
                """);
        }

        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_WorkflowEffects_DocumentPublish" AFTER INSERT ON "WorkflowEffects"
            WHEN NEW."Kind" = 'document.publish'
            BEGIN
                SELECT RAISE(ABORT, 'document.publish: no document version of this case is in review.')
                WHERE NOT EXISTS (SELECT 1 FROM "DocumentVersions" WHERE "ReviewCaseId" = NEW."CaseId" AND "Status" = 'InReview');
                UPDATE "DocumentVersions" SET "Status" = 'Superseded', "SupersededAt" = NEW."CreatedAt"
                WHERE "Status" = 'Effective'
                    AND "DocumentId" = (SELECT "DocumentId" FROM "DocumentVersions" WHERE "ReviewCaseId" = NEW."CaseId");
                UPDATE "DocumentVersions" SET "Status" = 'Effective', "ApprovedById" = NEW."ActorId", "ApprovedByName" = COALESCE(NEW."ActorName", (SELECT "FullName" FROM "AspNetUsers" WHERE "Id" = NEW."ActorId")),
                    "ApprovedAt" = NEW."CreatedAt", "EffectiveOn" = NEW."Value"
                WHERE "ReviewCaseId" = NEW."CaseId";
                UPDATE "Documents" SET
                    "EffectiveVersionId" = (SELECT "Id" FROM "DocumentVersions" WHERE "ReviewCaseId" = NEW."CaseId"),
                    "Title" = (SELECT "Title" FROM "DocumentVersions" WHERE "ReviewCaseId" = NEW."CaseId")
                WHERE "Id" = (SELECT "DocumentId" FROM "DocumentVersions" WHERE "ReviewCaseId" = NEW."CaseId");
            END;
            """);
    }

    private static void CreateIssuedVersionNoUpdateTrigger(MigrationBuilder migrationBuilder, IEnumerable<string> columns)
    {
        var unchanged = string.Join(" AND ", columns.Select(c => $"NEW.\"{c}\" IS OLD.\"{c}\""));
        migrationBuilder.Sql($"""
            CREATE TRIGGER "TR_DocumentVersions_Issued_NoUpdate" BEFORE UPDATE ON "DocumentVersions"
            WHEN OLD."Status" IN ('Effective', 'Superseded', 'Obsolete')
                AND NOT (OLD."Status" = 'Effective' AND NEW."Status" IN ('Superseded', 'Obsolete') AND {unchanged})
            BEGIN SELECT RAISE(ABORT, 'Issued document versions are immutable: this version cannot be changed.'); END;
            """);
    }

    /// <summary>
    /// A procedure document publishes its workflow (ADR 0025): when a <c>document.publish</c> effect row makes a version
    /// effective and that version carries a procedure draft (<c>DocumentVersions.ProcedureDefinitionId</c>), the draft is
    /// published and the key's published version of the agency retired, with their procedure events, in the same
    /// transaction; a carried version that is no longer a draft of the agency aborts the whole step. Also recreates the
    /// immutability trigger of issued versions over all content columns (the new one included). Called from the
    /// DocumentProcedureVersion migration; re-add the call when migrations are regenerated.
    /// </summary>
    public static void CreateDocumentProcedureTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_DocumentVersions_Issued_NoUpdate";""");
        CreateIssuedVersionNoUpdateTrigger(migrationBuilder, DocumentVersionContentColumns);
        const string carried = """(SELECT "ProcedureDefinitionId" FROM "DocumentVersions" WHERE "ReviewCaseId" = NEW."CaseId")""";
        const string actor = """COALESCE(NEW."ActorId", '00000000-0000-0000-0000-000000000000')""";
        const string actorName = """COALESCE(NEW."ActorName", (SELECT "FullName" FROM "AspNetUsers" WHERE "Id" = NEW."ActorId"), '')""";
        migrationBuilder.Sql($"""
            CREATE TRIGGER "TR_WorkflowEffects_DocumentProcedure" AFTER INSERT ON "WorkflowEffects"
            WHEN NEW."Kind" = 'document.publish' AND {carried} IS NOT NULL
            BEGIN
                SELECT RAISE(ABORT, 'document.publish: the procedure draft this document version carries is no longer a draft of its agency.')
                WHERE NOT EXISTS (
                    SELECT 1 FROM "DocumentVersions" AS v JOIN "WorkflowDefinitions" AS w ON w."Id" = v."ProcedureDefinitionId"
                    WHERE v."ReviewCaseId" = NEW."CaseId" AND w."Status" = 0 AND w."OwnerAgencyId" = v."AgencyId");
                INSERT INTO "ProcedureEvents" ("AgencyId", "DefinitionId", "Key", "Version", "Kind", "UserId", "UserName", "At", "Comment")
                SELECT o."OwnerAgencyId", o."Id", o."Key", o."Version", 'retired', {actor}, {actorName}, NEW."CreatedAt", '→ v' || w."Version"
                FROM "WorkflowDefinitions" AS w
                JOIN "WorkflowDefinitions" AS o ON o."OwnerAgencyId" = w."OwnerAgencyId" AND o."Key" = w."Key" AND o."Status" = 1
                WHERE w."Id" = {carried};
                UPDATE "WorkflowDefinitions" SET "Status" = 2, "RetiredAt" = NEW."CreatedAt", "Revision" = "Revision" + 1
                WHERE "Status" = 1
                    AND "OwnerAgencyId" = (SELECT "OwnerAgencyId" FROM "WorkflowDefinitions" WHERE "Id" = {carried})
                    AND "Key" = (SELECT "Key" FROM "WorkflowDefinitions" WHERE "Id" = {carried});
                UPDATE "WorkflowDefinitions" SET "Status" = 1, "PublishedAt" = NEW."CreatedAt", "Revision" = "Revision" + 1
                WHERE "Id" = {carried};
                INSERT INTO "ProcedureEvents" ("AgencyId", "DefinitionId", "Key", "Version", "Kind", "UserId", "UserName", "At", "Comment")
                SELECT w."OwnerAgencyId", w."Id", w."Key", w."Version", 'approved', {actor}, {actorName}, NEW."CreatedAt",
                    'Tài liệu ' || d."Code" || ' (lần ban hành ' || v."IssueNo" || ')'
                FROM "DocumentVersions" AS v
                JOIN "Documents" AS d ON d."Id" = v."DocumentId"
                JOIN "WorkflowDefinitions" AS w ON w."Id" = v."ProcedureDefinitionId"
                WHERE v."ReviewCaseId" = NEW."CaseId";
            END;
            """);
    }

    public static void DropDocumentProcedureTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_WorkflowEffects_DocumentProcedure";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_DocumentVersions_Issued_NoUpdate";""");
        CreateIssuedVersionNoUpdateTrigger(migrationBuilder, DocumentsMigrationContentColumns);
    }

    public static void DropDocumentTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var name in new[]
        {
            "TR_WorkflowEffects_DocumentPublish", "TR_DocumentAttachments_Issued_NoInsert", "TR_DocumentAttachments_Issued_NoUpdate",
            "TR_DocumentAttachments_Issued_NoDelete", "TR_DocumentVersions_Issued_NoDelete", "TR_DocumentVersions_Issued_NoUpdate",
        })
        {
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{name}";""");
        }
    }

    /// <summary>
    /// Read-and-understood rounds (issue 11): when a <c>document.publish</c> effect row makes a version effective, one
    /// <c>DocumentAcknowledgements</c> row is inserted, in the same transaction, for every active person of the agency
    /// whose unit the version names in its distribution, due after the document's acknowledgement period. Called from
    /// the DocumentAcknowledgements migration.
    /// </summary>
    public static void CreateDocumentFollowUpTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_WorkflowEffects_DocumentAcknowledgements" AFTER INSERT ON "WorkflowEffects"
            WHEN NEW."Kind" = 'document.publish'
            BEGIN
                INSERT INTO "DocumentAcknowledgements" ("VersionId", "UserId", "DocumentId", "AgencyId", "UnitId", "RequestedAt", "DueOn")
                SELECT v."Id", u."Id", v."DocumentId", v."AgencyId", u."UnitId", NEW."CreatedAt",
                    date(NEW."Value", '+' || d."AcknowledgeWithinDays" || ' days')
                FROM "DocumentVersions" AS v
                JOIN "Documents" AS d ON d."Id" = v."DocumentId"
                JOIN "AspNetUsers" AS u ON u."AgencyId" = v."AgencyId" AND u."IsActive" = 1 AND u."UnitId" IS NOT NULL
                WHERE v."ReviewCaseId" = NEW."CaseId"
                    AND EXISTS (SELECT 1 FROM json_each(v."Distribution") AS j WHERE upper(j.value) = upper(u."UnitId"));
            END;
            """);
    }

    public static void DropDocumentFollowUpTriggers(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_WorkflowEffects_DocumentAcknowledgements";""");
    }

    /// <summary>
    /// Full-text search of the documents in force (<c>SqliteDocumentSearch</c>): two FTS5 tables sharing their rowids
    /// with <c>DocumentSearchRows</c> (version, document, agency) — <c>DocumentSearch</c> folded
    /// (<c>unicode61 remove_diacritics 2</c>, đ/Đ stored as ď/Ď so the tokenizer folds them to d) and
    /// <c>DocumentSearchExact</c> as written (<c>remove_diacritics 0</c>). Triggers on <c>DocumentVersions</c> index a
    /// version when it becomes effective and remove it when it is superseded, made obsolete or deleted, in the same
    /// statement (so the same transaction) as the status change; existing effective versions are indexed here.
    /// Called from the DocumentSearch migration; re-add the call when migrations are regenerated.
    /// </summary>
    public static void CreateDocumentSearch(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE TABLE "DocumentSearchRows" (
                "RowId" INTEGER NOT NULL PRIMARY KEY,
                "VersionId" TEXT NOT NULL,
                "DocumentId" TEXT NOT NULL,
                "AgencyId" TEXT NOT NULL);
            """);
        migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_DocumentSearchRows_VersionId" ON "DocumentSearchRows" ("VersionId");""");
        migrationBuilder.Sql("""CREATE INDEX "IX_DocumentSearchRows_AgencyId" ON "DocumentSearchRows" ("AgencyId");""");
        migrationBuilder.Sql("""CREATE VIRTUAL TABLE "DocumentSearch" USING fts5("Code", "Title", "Body", tokenize = 'unicode61 remove_diacritics 2');""");
        migrationBuilder.Sql("""CREATE VIRTUAL TABLE "DocumentSearchExact" USING fts5("Code", "Title", "Body", tokenize = 'unicode61 remove_diacritics 0');""");

        const string unindex = """
                DELETE FROM "DocumentSearch" WHERE rowid IN (SELECT "RowId" FROM "DocumentSearchRows" WHERE "VersionId" = OLD."Id");
                DELETE FROM "DocumentSearchExact" WHERE rowid IN (SELECT "RowId" FROM "DocumentSearchRows" WHERE "VersionId" = OLD."Id");
                DELETE FROM "DocumentSearchRows" WHERE "VersionId" = OLD."Id";
            """;
        const string index = """
                INSERT INTO "DocumentSearchRows" ("VersionId", "DocumentId", "AgencyId") VALUES (NEW."Id", NEW."DocumentId", NEW."AgencyId");
                INSERT INTO "DocumentSearch" (rowid, "Code", "Title", "Body")
                SELECT r."RowId", d."Code", replace(replace(NEW."Title", 'đ', 'ď'), 'Đ', 'Ď'), replace(replace(NEW."Markdown", 'đ', 'ď'), 'Đ', 'Ď')
                FROM "DocumentSearchRows" r JOIN "Documents" d ON d."Id" = NEW."DocumentId" WHERE r."VersionId" = NEW."Id";
                INSERT INTO "DocumentSearchExact" (rowid, "Code", "Title", "Body")
                SELECT r."RowId", d."Code", NEW."Title", NEW."Markdown"
                FROM "DocumentSearchRows" r JOIN "Documents" d ON d."Id" = NEW."DocumentId" WHERE r."VersionId" = NEW."Id";
            """;
        migrationBuilder.Sql($"""
            CREATE TRIGGER "TR_DocumentVersions_Search_Insert" AFTER INSERT ON "DocumentVersions"
            WHEN NEW."Status" = 'Effective'
            BEGIN
            {index}
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER "TR_DocumentVersions_Search_Withdrawn" AFTER UPDATE OF "Status" ON "DocumentVersions"
            WHEN OLD."Status" = 'Effective' AND NEW."Status" IS NOT 'Effective'
            BEGIN
            {unindex}
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER "TR_DocumentVersions_Search_Effective" AFTER UPDATE OF "Status" ON "DocumentVersions"
            WHEN NEW."Status" = 'Effective' AND OLD."Status" IS NOT 'Effective'
            BEGIN
            {index}
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER "TR_DocumentVersions_Search_Delete" AFTER DELETE ON "DocumentVersions"
            BEGIN
            {unindex}
            END;
            """);
        migrationBuilder.Sql("""
            INSERT INTO "DocumentSearchRows" ("VersionId", "DocumentId", "AgencyId")
            SELECT "Id", "DocumentId", "AgencyId" FROM "DocumentVersions" WHERE "Status" = 'Effective';
            """);
        migrationBuilder.Sql("""
            INSERT INTO "DocumentSearch" (rowid, "Code", "Title", "Body")
            SELECT r."RowId", d."Code", replace(replace(v."Title", 'đ', 'ď'), 'Đ', 'Ď'), replace(replace(v."Markdown", 'đ', 'ď'), 'Đ', 'Ď')
            FROM "DocumentSearchRows" r JOIN "DocumentVersions" v ON v."Id" = r."VersionId" JOIN "Documents" d ON d."Id" = r."DocumentId";
            """);
        migrationBuilder.Sql("""
            INSERT INTO "DocumentSearchExact" (rowid, "Code", "Title", "Body")
            SELECT r."RowId", d."Code", v."Title", v."Markdown"
            FROM "DocumentSearchRows" r JOIN "DocumentVersions" v ON v."Id" = r."VersionId" JOIN "Documents" d ON d."Id" = r."DocumentId";
            """);
    }

    public static void DropDocumentSearch(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var name in new[] { "TR_DocumentVersions_Search_Insert", "TR_DocumentVersions_Search_Withdrawn", "TR_DocumentVersions_Search_Effective", "TR_DocumentVersions_Search_Delete" })
        {
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{name}";""");
        }

        migrationBuilder.Sql("""DROP TABLE IF EXISTS "DocumentSearchExact";""");
        migrationBuilder.Sql("""DROP TABLE IF EXISTS "DocumentSearch";""");
        migrationBuilder.Sql("""DROP TABLE IF EXISTS "DocumentSearchRows";""");
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
            CREATE TRIGGER "TR_WorkflowEffects_RecordArchive" AFTER INSERT ON "WorkflowEffects"
            WHEN NEW."Kind" = 'record.archive'
            BEGIN
                INSERT OR IGNORE INTO "RecordArchives" ("Id", "AgencyId", "RecordTypeId", "CaseId", "ArchivedAt", "DecisionCaseId", "DecidedById", "Destination")
                VALUES (NEW."Id", NEW."AgencyId", upper(substr(NEW."Value", 1, 36)), upper(substr(NEW."Value", 38, 36)), NEW."CreatedAt", NEW."CaseId", NEW."ActorId",
                    NULLIF(substr(NEW."Value", 75), ''));
            END;
            """);
    }

    public static void DropRecordArchiveTrigger(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_WorkflowEffects_RecordArchive";""");
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

    /// <summary>Per-connection settings: WAL lets readers work while one writer writes; NORMAL sync is safe in WAL;
    /// foreign keys are off by default in SQLite; a busy timeout turns lock contention into a short wait. Set once per
    /// physical connection: the driver's pool hands the same native handle out again, and the settings stay with it
    /// (the journal mode with the file), so a reused connection does not pay four statements on every open (ADR 0028).</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static SqlitePragmas Instance { get; } = new();

        private const string Pragmas =
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

        private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];
        private static readonly object Seen = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (FirstOpen(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                command.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (FirstOpen(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        /// <summary>True the first time this native connection is opened (a fresh one, or not a pooled SQLite one).</summary>
        private static bool FirstOpen(DbConnection connection) =>
            connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, Seen);
    }
}
