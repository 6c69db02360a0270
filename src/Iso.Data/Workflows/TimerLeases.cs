using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Workflows;

/// <summary>Claiming due timers by lease, so that several app nodes can poll one database and each timer fires once.</summary>
internal static class TimerLeases
{
    public static async Task<IReadOnlyList<WorkflowTimerRecord>> ClaimAsync(
        IsoDbContext db, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // One statement: rows locked by a concurrent claimer are skipped instead of waited for.
            return await db.Set<WorkflowTimerRecord>()
                .FromSqlInterpolated($"""
                    UPDATE "WorkflowTimers" SET "LeaseOwner" = {owner}, "LeaseUntil" = {leaseUntil.ToUniversalTime()}
                    WHERE "Id" IN (
                        SELECT "Id" FROM "WorkflowTimers"
                        WHERE "Status" = {(int)TimerStatus.Pending} AND "DueAt" <= {now.ToUniversalTime()}
                          AND ("LeaseUntil" IS NULL OR "LeaseUntil" <= {now.ToUniversalTime()})
                          AND "FaultedAt" IS NULL AND ("RetryAt" IS NULL OR "RetryAt" <= {now.ToUniversalTime()})
                        ORDER BY "DueAt"
                        LIMIT {max}
                        FOR UPDATE SKIP LOCKED)
                    RETURNING *
                    """)
                .AsNoTracking()
                .ToListAsync(cancellationToken);
        }

        // SQLite has one writer at a time; a conditional UPDATE per candidate is atomic and loses cleanly to another claimer.
        var candidates = await db.Set<WorkflowTimerRecord>().AsNoTracking()
            .Where(t => t.Status == TimerStatus.Pending && t.DueAt <= now && (t.LeaseUntil == null || t.LeaseUntil <= now) && t.FaultedAt == null && (t.RetryAt == null || t.RetryAt <= now))
            .OrderBy(t => t.DueAt)
            .Take(max)
            .ToListAsync(cancellationToken);
        var claimed = new List<WorkflowTimerRecord>(candidates.Count);
        foreach (var timer in candidates)
        {
            var updated = await db.Set<WorkflowTimerRecord>()
                .Where(t => t.Id == timer.Id && t.Status == TimerStatus.Pending && (t.LeaseUntil == null || t.LeaseUntil <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseOwner, owner).SetProperty(t => t.LeaseUntil, leaseUntil), cancellationToken);
            if (updated == 1)
            {
                timer.LeaseOwner = owner;
                timer.LeaseUntil = leaseUntil;
                claimed.Add(timer);
            }
        }

        return claimed;
    }
}
