using System.Data.Common;
using System.Diagnostics;
using Iso.Workflows.Calendar;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Iso.Data.Cases;

/// <summary>
/// Upkeep of the pre-aggregated statistics (ADR 0030): the working minutes of tasks completed before the engine stored
/// them (computed here with the working calendar, streamed in batches, each its own transaction; the triggers leave such
/// a fill out and the step aggregate is recomputed once at the end), and a full rebuild of the aggregates from the raw rows (<c>statistics
/// rebuild</c>, e.g. after a restore).
/// </summary>
public static class CaseStatisticsMaintenance
{
    public const int BatchSize = 5000;

    /// <summary>Fills <c>WorkingMinutes</c> of every completed task that has none; returns how many. Cheap when there is
    /// nothing to do (a partial index holds exactly those tasks).</summary>
    public static async Task<long> FillWorkingMinutesAsync(IsoDbContext db, IWorkingCalendar calendar, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(logger);
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            long total = 0;
            var watch = Stopwatch.StartNew();
            var batch = new List<(object Id, int Minutes)>(BatchSize);
            while (true)
            {
                batch.Clear();
                await using (var select = connection.CreateCommand())
                {
                    select.CommandText = $"""
                        SELECT "Id", "CreatedAt", "CompletedAt" FROM "WorkflowTasks"
                        WHERE "Status" = 1 AND "WorkingMinutes" IS NULL LIMIT {BatchSize}
                        """;
                    select.CommandTimeout = 0;
                    await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        object id = sqlite ? reader.GetString(0) : reader.GetGuid(0);
                        var created = Instant(reader, 1, sqlite);
                        var completed = reader.IsDBNull(2) ? created : Instant(reader, 2, sqlite);
                        batch.Add((id, WorkflowRuntime.WorkingMinutesOf(calendar, created, completed)));
                    }
                }

                if (batch.Count == 0)
                {
                    break;
                }

                await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
                {
                    await using var update = connection.CreateCommand();
                    update.Transaction = transaction;
                    update.CommandText = """UPDATE "WorkflowTasks" SET "WorkingMinutes" = @minutes WHERE "Id" = @id""";
                    var minutes = Parameter(update, "@minutes");
                    var id = Parameter(update, "@id");
                    foreach (var row in batch)
                    {
                        minutes.Value = row.Minutes;
                        id.Value = row.Id;
                        await update.ExecuteNonQueryAsync(cancellationToken);
                    }

                    await transaction.CommitAsync(cancellationToken);
                }

                total += batch.Count;
                if (total % (BatchSize * 20) == 0)
                {
                    logger.LogInformation("Statistics: working minutes computed for {Count} completed tasks so far ({Elapsed:N0} s)", total, watch.Elapsed.TotalSeconds);
                }
            }

            if (total > 0)
            {
                logger.LogInformation("Statistics: working minutes computed for {Count} completed tasks in {Elapsed:N1} s", total, watch.Elapsed.TotalSeconds);
                // The triggers leave a fill-only change out (CaseStatisticsSql.FillOnly): the step aggregate is recomputed
                // once here, in one transaction, rather than row by row.
                var rebuild = Stopwatch.StartNew();
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                foreach (var sql in CaseStatisticsSql.StepRebuildStatements(db.Provider))
                {
                    await using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandTimeout = 0;
                    command.CommandText = sql;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Statistics: step aggregate recomputed in {Elapsed:N1} s", rebuild.Elapsed.TotalSeconds);
            }

            return total;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>Working minutes filled in, then both aggregates recomputed from the raw rows in one transaction.</summary>
    public static async Task RebuildAsync(IsoDbContext db, IWorkingCalendar calendar, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await FillWorkingMinutesAsync(db, calendar, logger, cancellationToken);
        var watch = Stopwatch.StartNew();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var sql in CaseStatisticsSql.RebuildStatements(db.Provider))
        {
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Statistics: aggregates rebuilt from the raw rows in {Elapsed:N1} s", watch.Elapsed.TotalSeconds);
    }

    private static DateTimeOffset Instant(DbDataReader reader, int ordinal, bool sqlite) =>
        sqlite ? new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero) : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
