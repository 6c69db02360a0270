using Microsoft.EntityFrameworkCore.Migrations;

namespace Iso.Data.Cases;

/// <summary>
/// The triggers that keep <see cref="CaseStatisticsDay"/> and <see cref="StepStatisticsDay"/> (ADR 0030) equal to the
/// raw rows, and the statements that rebuild them from the raw rows, for both providers. Every trigger applies the exact
/// difference a row change makes: the old row's contribution taken away, the new one's added (UPSERT), so whichever path
/// writes (the engine's group commit, the bulk seeder's prepared statements or binary COPY, apology issuance, an
/// administrator's cancel or retry, a raw UPDATE), the aggregate changes in the same statement, so the same transaction.
/// <para>A day is the local day in Vietnam time (UTC+7 all year, no daylight saving) as <see cref="DateOnly.DayNumber"/>:
/// SQLite stores instants as UTC ticks (day = (ticks + 7 h) / ticks per day), PostgreSQL as <c>timestamptz</c> (where
/// Npgsql writes DateTimeOffset.MinValue/MaxValue as -infinity/infinity: days 0 and DateOnly.MaxValue's).</para>
/// <para>"Resolved late with an apology" depends on two tables: the case trigger looks for an issued apology of the
/// case, the apology trigger for the case's state, each at the moment of its own change. On PostgreSQL the apology
/// trigger runs BEFORE the row is written: a row-level BEFORE trigger sees the rows written earlier in the same
/// statement (a COPY of several apologies of one case counts the case once), an AFTER trigger would see them all.
/// Deleting a case subtracts it BEFORE the row (and its apologies) go.</para>
/// Called from the CaseStatisticsDaily migrations; re-add the calls when migrations are regenerated.
/// </summary>
public static class CaseStatisticsSql
{
    /// <summary>The local day of a SQLite instant (UTC ticks): Vietnam's offset in ticks (7 hours), over the ticks of a day.</summary>
    private static string SqliteDay(string column) => $"((({column}) + 252000000000) / 864000000000)";

    private static readonly string[] CaseColumns = ["Status", "CompletedAt", "DueAt", "ReceivedAt", "AgencyId", "DefinitionKey"];

    private static readonly string[] TaskColumns = ["Status", "CompletedAt", "DueAt", "CreatedAt", "WorkingMinutes", "AgencyId", "DefinitionKey", "NodeId"];

    private static readonly string[] SqliteTriggers =
    [
        "TR_WorkflowCases_Statistics_Insert", "TR_WorkflowCases_Statistics_Update", "TR_WorkflowCases_Statistics_Delete",
        "TR_WorkflowTasks_Statistics_Insert", "TR_WorkflowTasks_Statistics_Update", "TR_WorkflowTasks_Statistics_Delete",
        "TR_WorkflowApologies_Statistics_Insert", "TR_WorkflowApologies_Statistics_Update", "TR_WorkflowApologies_Statistics_Delete",
    ];

    /// <summary>Triggers, then the aggregates computed from the rows already stored (working minutes of tasks completed
    /// before the column existed are filled in by <see cref="CaseStatisticsMaintenance"/> after migrating; the triggers
    /// add them as they are written).</summary>
    public static void Create(MigrationBuilder migrationBuilder, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var sql in provider == DatabaseProvider.Sqlite ? SqliteCreate() : PostgreSqlCreate())
        {
            migrationBuilder.Sql(sql);
        }

        foreach (var sql in RebuildStatements(provider))
        {
            migrationBuilder.Sql(sql);
        }
    }

    public static void Drop(MigrationBuilder migrationBuilder, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        if (provider == DatabaseProvider.Sqlite)
        {
            foreach (var name in SqliteTriggers)
            {
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{name}";""");
            }

            return;
        }

        foreach (var (table, names) in new[]
        {
            ("WorkflowCases", new[] { "TR_WorkflowCases_Statistics_Insert", "TR_WorkflowCases_Statistics_Update", "TR_WorkflowCases_Statistics_Delete" }),
            ("WorkflowTasks", new[] { "TR_WorkflowTasks_Statistics_Insert", "TR_WorkflowTasks_Statistics_Update", "TR_WorkflowTasks_Statistics_Delete" }),
            ("WorkflowApologies", new[] { "TR_WorkflowApologies_Statistics" }),
        })
        {
            foreach (var name in names)
            {
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{name}" ON "{table}";""");
            }
        }

        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_statistics_case();");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_statistics_task();");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_statistics_apology();");
        migrationBuilder.Sql("""DROP FUNCTION IF EXISTS iso_statistics_case_add("WorkflowCases", integer);""");
        migrationBuilder.Sql("""DROP FUNCTION IF EXISTS iso_statistics_task_add("WorkflowTasks", integer);""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS iso_statistics_day(timestamptz);");
    }

    /// <summary>Both aggregates recomputed from the raw rows (run in one transaction by the caller, or by the migration):
    /// <see cref="CaseRebuildStatements"/> then <see cref="StepRebuildStatements"/>.</summary>
    public static IReadOnlyList<string> RebuildStatements(DatabaseProvider provider) =>
        [.. CaseRebuildStatements(provider), .. StepRebuildStatements(provider)];

    /// <summary>The case aggregate (<c>CaseStatisticsDaily</c>) alone recomputed from the raw rows.</summary>
    public static IReadOnlyList<string> CaseRebuildStatements(DatabaseProvider provider) =>
    [
        """DELETE FROM "CaseStatisticsDaily";""",
        $"""
        INSERT INTO "CaseStatisticsDaily" ("AgencyId", "Day", "DefinitionKey", "Received", "Resolved", "ResolvedLate", "ResolvedLateWithApology")
        SELECT c."AgencyId", {Day(provider, "c.\"ReceivedAt\"")}, c."DefinitionKey", COUNT(*),
               SUM(CASE WHEN c."Status" = 1 THEN 1 ELSE 0 END),
               SUM(CASE WHEN {Late("c")} THEN 1 ELSE 0 END),
               SUM(CASE WHEN {Late("c")} AND {Apology("c.\"Id\"")} THEN 1 ELSE 0 END)
        FROM "WorkflowCases" c
        GROUP BY c."AgencyId", {Day(provider, "c.\"ReceivedAt\"")}, c."DefinitionKey";
        """,
    ];

    /// <summary>The step aggregate (<c>StepStatisticsDaily</c>) alone recomputed from the raw rows (also after the
    /// upgrade's fill of working minutes, which the triggers leave out).</summary>
    public static IReadOnlyList<string> StepRebuildStatements(DatabaseProvider provider) =>
    [
        """DELETE FROM "StepStatisticsDaily";""",
        $"""
        INSERT INTO "StepStatisticsDaily" ("AgencyId", "Day", "DefinitionKey", "NodeId", "Completed", "CompletedLate", "Timed", "WorkingMinutes")
        SELECT t."AgencyId", {Day(provider, "t.\"CreatedAt\"")}, t."DefinitionKey", t."NodeId", COUNT(*),
               SUM(CASE WHEN t."DueAt" IS NOT NULL AND t."CompletedAt" > t."DueAt" THEN 1 ELSE 0 END),
               SUM(CASE WHEN t."WorkingMinutes" IS NOT NULL THEN 1 ELSE 0 END),
               COALESCE(SUM(t."WorkingMinutes"), 0)
        FROM "WorkflowTasks" t
        WHERE {Counted("t")}
        GROUP BY t."AgencyId", {Day(provider, "t.\"CreatedAt\"")}, t."DefinitionKey", t."NodeId";
        """,
    ];

    /// <summary>The local day of an instant column, as the provider's triggers compute it.</summary>
    private static string Day(DatabaseProvider provider, string column) =>
        provider == DatabaseProvider.Sqlite ? SqliteDay(column) : $"iso_statistics_day({column})";

    private static string Late(string row) => $"""({row}."Status" = 1 AND {row}."DueAt" IS NOT NULL AND {row}."CompletedAt" IS NOT NULL AND {row}."CompletedAt" > {row}."DueAt")""";

    private static string Counted(string row) => $"""({row}."Status" = 1 AND {row}."CompletedAt" IS NOT NULL)""";

    private static string Apology(string caseId) =>
        $"""EXISTS (SELECT 1 FROM "WorkflowApologies" a WHERE a."CaseId" = {caseId} AND a."IssuedAt" IS NOT NULL)""";

    /// <summary>The upgrade's fill of a completed task's working minutes (<see cref="CaseStatisticsMaintenance"/>): only
    /// <c>WorkingMinutes</c> goes from null to a value. The trigger leaves it out (one UPSERT pair per task of millions);
    /// the fill recomputes the step aggregate once at its end instead (<see cref="StepRebuildStatements"/>).</summary>
    private static string FillOnly(string same) =>
        $"""(OLD."WorkingMinutes" IS NULL AND NEW."WorkingMinutes" IS NOT NULL AND """
        + string.Join(" AND ", TaskColumns.Where(c => c != "WorkingMinutes").Select(c => $"""OLD."{c}" {same} NEW."{c}" """.TrimEnd())) + ")";

    private static string Changed(IEnumerable<string> columns, string distinct) =>
        string.Join(" OR ", columns.Select(c => $"""OLD."{c}" {distinct} NEW."{c}" """.TrimEnd()));

    private static IEnumerable<string> SqliteCreate()
    {
        static string Day(string column) => SqliteDay(column);
        string CaseUpsert(string row, int sign) => $"""
                INSERT INTO "CaseStatisticsDaily" ("AgencyId", "Day", "DefinitionKey", "Received", "Resolved", "ResolvedLate", "ResolvedLateWithApology")
                VALUES ({row}."AgencyId", {Day($"{row}.\"ReceivedAt\"")}, {row}."DefinitionKey", {sign},
                    CASE WHEN {row}."Status" = 1 THEN {sign} ELSE 0 END,
                    CASE WHEN {Late(row)} THEN {sign} ELSE 0 END,
                    CASE WHEN {Late(row)} AND {Apology($"{row}.\"Id\"")} THEN {sign} ELSE 0 END)
                ON CONFLICT ("AgencyId", "Day", "DefinitionKey") DO UPDATE SET
                    "Received" = "Received" + excluded."Received", "Resolved" = "Resolved" + excluded."Resolved",
                    "ResolvedLate" = "ResolvedLate" + excluded."ResolvedLate",
                    "ResolvedLateWithApology" = "ResolvedLateWithApology" + excluded."ResolvedLateWithApology";
            """;
        string TaskUpsert(string row, int sign) => $"""
                INSERT INTO "StepStatisticsDaily" ("AgencyId", "Day", "DefinitionKey", "NodeId", "Completed", "CompletedLate", "Timed", "WorkingMinutes")
                SELECT {row}."AgencyId", {Day($"{row}.\"CreatedAt\"")}, {row}."DefinitionKey", {row}."NodeId", {sign},
                    CASE WHEN {row}."DueAt" IS NOT NULL AND {row}."CompletedAt" > {row}."DueAt" THEN {sign} ELSE 0 END,
                    CASE WHEN {row}."WorkingMinutes" IS NOT NULL THEN {sign} ELSE 0 END,
                    {sign} * COALESCE({row}."WorkingMinutes", 0)
                WHERE {Counted(row)}
                ON CONFLICT ("AgencyId", "Day", "DefinitionKey", "NodeId") DO UPDATE SET
                    "Completed" = "Completed" + excluded."Completed", "CompletedLate" = "CompletedLate" + excluded."CompletedLate",
                    "Timed" = "Timed" + excluded."Timed", "WorkingMinutes" = "WorkingMinutes" + excluded."WorkingMinutes";
            """;
        string ApologyDelta(string caseId, string delta) => $"""
                UPDATE "CaseStatisticsDaily" SET "ResolvedLateWithApology" = "ResolvedLateWithApology" + ({delta})
                WHERE "AgencyId" = (SELECT c."AgencyId" FROM "WorkflowCases" c WHERE c."Id" = {caseId} AND {Late("c")})
                    AND "Day" = (SELECT {Day("c.\"ReceivedAt\"")} FROM "WorkflowCases" c WHERE c."Id" = {caseId})
                    AND "DefinitionKey" = (SELECT c."DefinitionKey" FROM "WorkflowCases" c WHERE c."Id" = {caseId});
            """;
        string NoOtherIssued(string row) =>
            $"""NOT EXISTS (SELECT 1 FROM "WorkflowApologies" a WHERE a."CaseId" = {row}."CaseId" AND a."IssuedAt" IS NOT NULL AND a."Id" <> {row}."Id")""";

        yield return $"""
            CREATE TRIGGER "TR_WorkflowCases_Statistics_Insert" AFTER INSERT ON "WorkflowCases"
            BEGIN
            {CaseUpsert("NEW", 1)}
            END;
            """;
        yield return $"""
            CREATE TRIGGER "TR_WorkflowCases_Statistics_Update" AFTER UPDATE ON "WorkflowCases"
            WHEN {Changed(CaseColumns, "IS NOT")}
            BEGIN
            {CaseUpsert("OLD", -1)}
            {CaseUpsert("NEW", 1)}
            END;
            """;
        yield return $"""
            CREATE TRIGGER "TR_WorkflowCases_Statistics_Delete" BEFORE DELETE ON "WorkflowCases"
            BEGIN
            {CaseUpsert("OLD", -1)}
            END;
            """;
        yield return $"""
            CREATE TRIGGER "TR_WorkflowTasks_Statistics_Insert" AFTER INSERT ON "WorkflowTasks"
            WHEN {Counted("NEW")}
            BEGIN
            {TaskUpsert("NEW", 1)}
            END;
            """;
        yield return $"""
            CREATE TRIGGER "TR_WorkflowTasks_Statistics_Update" AFTER UPDATE ON "WorkflowTasks"
            WHEN ({Counted("OLD")} OR {Counted("NEW")}) AND ({Changed(TaskColumns, "IS NOT")}) AND NOT {FillOnly("IS")}
            BEGIN
            {TaskUpsert("OLD", -1)}
            {TaskUpsert("NEW", 1)}
            END;
            """;
        yield return $"""
            CREATE TRIGGER "TR_WorkflowTasks_Statistics_Delete" BEFORE DELETE ON "WorkflowTasks"
            WHEN {Counted("OLD")}
            BEGIN
            {TaskUpsert("OLD", -1)}
            END;
            """;
        yield return $"""
            CREATE TRIGGER "TR_WorkflowApologies_Statistics_Insert" AFTER INSERT ON "WorkflowApologies"
            WHEN NEW."IssuedAt" IS NOT NULL AND {NoOtherIssued("NEW")}
            BEGIN
            {ApologyDelta("NEW.\"CaseId\"", "1")}
            END;
            """;
        yield return $"""
            CREATE TRIGGER "TR_WorkflowApologies_Statistics_Update" AFTER UPDATE ON "WorkflowApologies"
            WHEN (OLD."IssuedAt" IS NULL) <> (NEW."IssuedAt" IS NULL) AND {NoOtherIssued("NEW")}
            BEGIN
            {ApologyDelta("NEW.\"CaseId\"", "CASE WHEN NEW.\"IssuedAt\" IS NULL THEN -1 ELSE 1 END")}
            END;
            """;
        yield return $"""
            CREATE TRIGGER "TR_WorkflowApologies_Statistics_Delete" AFTER DELETE ON "WorkflowApologies"
            WHEN OLD."IssuedAt" IS NOT NULL AND {NoOtherIssued("OLD")}
            BEGIN
            {ApologyDelta("OLD.\"CaseId\"", "-1")}
            END;
            """;
    }

    /// <summary>
    /// PostgreSQL, migration <c>DeferredStepStatistics</c>: the task triggers' INSERT and UPDATE run at COMMIT (constraint
    /// triggers, <c>DEFERRABLE INITIALLY DEFERRED</c>) instead of at the statement. Every completion of one step on one day
    /// adds to the same <c>StepStatisticsDaily</c> row; run at the statement, the row's lock was taken in the middle of the
    /// engine's command and held through its remaining statements until COMMIT, so concurrent completions of a busy step
    /// queued behind each other (measured: 66 completions/s, p95 6.1 s with 200 clients). At COMMIT the lock lasts only
    /// the commit itself. The task function reads nothing but the row's old and new values (captured when the row
    /// changed; the WHEN condition is still checked then), so the sums are the same. The DELETE trigger stays BEFORE
    /// (a constraint trigger is AFTER only), and the case and apology triggers stay at the statement: "with apology"
    /// reads the other table, and deferring one side would count an apology issued in the same transaction twice.
    /// </summary>
    public static void DeferStepTriggers(MigrationBuilder migrationBuilder, bool deferred)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_WorkflowTasks_Statistics_Insert" ON "WorkflowTasks";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_WorkflowTasks_Statistics_Update" ON "WorkflowTasks";""");
        foreach (var sql in PostgreSqlTaskTriggers(deferred))
        {
            migrationBuilder.Sql(sql);
        }
    }

    /// <summary>The task triggers' INSERT and UPDATE on PostgreSQL, at the statement or deferred to COMMIT.</summary>
    private static IEnumerable<string> PostgreSqlTaskTriggers(bool deferred)
    {
        var kind = deferred ? "CONSTRAINT TRIGGER" : "TRIGGER";
        var timing = deferred ? " DEFERRABLE INITIALLY DEFERRED" : string.Empty;
        yield return $"""
            CREATE {kind} "TR_WorkflowTasks_Statistics_Insert" AFTER INSERT ON "WorkflowTasks"{timing}
            FOR EACH ROW WHEN ({Counted("NEW")}) EXECUTE FUNCTION iso_statistics_task();
            """;
        yield return $"""
            CREATE {kind} "TR_WorkflowTasks_Statistics_Update" AFTER UPDATE ON "WorkflowTasks"{timing}
            FOR EACH ROW WHEN (({Changed(TaskColumns, "IS DISTINCT FROM")}) AND NOT {FillOnly("IS NOT DISTINCT FROM")}) EXECUTE FUNCTION iso_statistics_task();
            """;
    }

    private static IEnumerable<string> PostgreSqlCreate()
    {
        yield return """
            CREATE FUNCTION iso_statistics_day(at timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT CASE WHEN at = '-infinity' THEN 0 WHEN at = 'infinity' THEN 3652058
                            ELSE (((at AT TIME ZONE 'UTC') + interval '7 hours')::date - DATE '0001-01-01') END
            $$;
            """;
        yield return $"""
            CREATE FUNCTION iso_statistics_case_add(c "WorkflowCases", sign integer) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE late boolean := COALESCE({Late("c")}, false);
            BEGIN
                INSERT INTO "CaseStatisticsDaily" ("AgencyId", "Day", "DefinitionKey", "Received", "Resolved", "ResolvedLate", "ResolvedLateWithApology")
                VALUES (c."AgencyId", iso_statistics_day(c."ReceivedAt"), c."DefinitionKey", sign,
                    CASE WHEN c."Status" = 1 THEN sign ELSE 0 END,
                    CASE WHEN late THEN sign ELSE 0 END,
                    CASE WHEN late AND {Apology("c.\"Id\"")} THEN sign ELSE 0 END)
                ON CONFLICT ("AgencyId", "Day", "DefinitionKey") DO UPDATE SET
                    "Received" = "CaseStatisticsDaily"."Received" + EXCLUDED."Received",
                    "Resolved" = "CaseStatisticsDaily"."Resolved" + EXCLUDED."Resolved",
                    "ResolvedLate" = "CaseStatisticsDaily"."ResolvedLate" + EXCLUDED."ResolvedLate",
                    "ResolvedLateWithApology" = "CaseStatisticsDaily"."ResolvedLateWithApology" + EXCLUDED."ResolvedLateWithApology";
            END;
            $$;
            """;
        yield return $"""
            CREATE FUNCTION iso_statistics_task_add(t "WorkflowTasks", sign integer) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF NOT COALESCE({Counted("t")}, false) THEN
                    RETURN;
                END IF;
                INSERT INTO "StepStatisticsDaily" ("AgencyId", "Day", "DefinitionKey", "NodeId", "Completed", "CompletedLate", "Timed", "WorkingMinutes")
                VALUES (t."AgencyId", iso_statistics_day(t."CreatedAt"), t."DefinitionKey", t."NodeId", sign,
                    CASE WHEN t."DueAt" IS NOT NULL AND t."CompletedAt" > t."DueAt" THEN sign ELSE 0 END,
                    CASE WHEN t."WorkingMinutes" IS NOT NULL THEN sign ELSE 0 END,
                    sign * COALESCE(t."WorkingMinutes", 0))
                ON CONFLICT ("AgencyId", "Day", "DefinitionKey", "NodeId") DO UPDATE SET
                    "Completed" = "StepStatisticsDaily"."Completed" + EXCLUDED."Completed",
                    "CompletedLate" = "StepStatisticsDaily"."CompletedLate" + EXCLUDED."CompletedLate",
                    "Timed" = "StepStatisticsDaily"."Timed" + EXCLUDED."Timed",
                    "WorkingMinutes" = "StepStatisticsDaily"."WorkingMinutes" + EXCLUDED."WorkingMinutes";
            END;
            $$;
            """;
        foreach (var (name, table, add) in new[] { ("case", "WorkflowCases", "iso_statistics_case_add"), ("task", "WorkflowTasks", "iso_statistics_task_add") })
        {
            yield return $"""
                CREATE FUNCTION iso_statistics_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        PERFORM {add}(OLD, -1);
                        RETURN OLD;
                    END IF;
                    IF TG_OP = 'UPDATE' THEN
                        PERFORM {add}(OLD, -1);
                    END IF;
                    PERFORM {add}(NEW, 1);
                    RETURN NULL;
                END;
                $$;
                """;
            if (name == "case")
            {
                yield return $"""
                    CREATE TRIGGER "TR_{table}_Statistics_Insert" AFTER INSERT ON "{table}"
                    FOR EACH ROW EXECUTE FUNCTION iso_statistics_{name}();
                    """;
                yield return $"""
                    CREATE TRIGGER "TR_{table}_Statistics_Update" AFTER UPDATE ON "{table}"
                    FOR EACH ROW WHEN ({Changed(CaseColumns, "IS DISTINCT FROM")}) EXECUTE FUNCTION iso_statistics_{name}();
                    """;
            }
            else
            {
                foreach (var sql in PostgreSqlTaskTriggers(deferred: false))
                {
                    yield return sql;
                }
            }

            yield return $"""
                CREATE TRIGGER "TR_{table}_Statistics_Delete" BEFORE DELETE ON "{table}"
                FOR EACH ROW EXECUTE FUNCTION iso_statistics_{name}();
                """;
        }

        yield return $"""
            CREATE FUNCTION iso_statistics_apology() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                delta integer := 0;
                case_id uuid;
                self uuid;
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    delta := CASE WHEN NEW."IssuedAt" IS NOT NULL THEN 1 ELSE 0 END;
                    case_id := NEW."CaseId";
                    self := NEW."Id";
                ELSIF TG_OP = 'UPDATE' THEN
                    IF (OLD."IssuedAt" IS NULL) <> (NEW."IssuedAt" IS NULL) THEN
                        delta := CASE WHEN NEW."IssuedAt" IS NULL THEN -1 ELSE 1 END;
                    END IF;
                    case_id := NEW."CaseId";
                    self := NEW."Id";
                ELSE
                    delta := CASE WHEN OLD."IssuedAt" IS NOT NULL THEN -1 ELSE 0 END;
                    case_id := OLD."CaseId";
                    self := OLD."Id";
                END IF;
                IF delta <> 0 AND NOT EXISTS (
                    SELECT 1 FROM "WorkflowApologies" a WHERE a."CaseId" = case_id AND a."IssuedAt" IS NOT NULL AND a."Id" <> self) THEN
                    UPDATE "CaseStatisticsDaily" s SET "ResolvedLateWithApology" = s."ResolvedLateWithApology" + delta
                    FROM "WorkflowCases" c
                    WHERE c."Id" = case_id AND {Late("c")}
                        AND s."AgencyId" = c."AgencyId" AND s."Day" = iso_statistics_day(c."ReceivedAt") AND s."DefinitionKey" = c."DefinitionKey";
                END IF;
                IF TG_OP = 'DELETE' THEN
                    RETURN OLD;
                END IF;
                RETURN NEW;
            END;
            $$;
            """;
        yield return """
            CREATE TRIGGER "TR_WorkflowApologies_Statistics" BEFORE INSERT OR UPDATE OR DELETE ON "WorkflowApologies"
            FOR EACH ROW EXECUTE FUNCTION iso_statistics_apology();
            """;
    }
}
