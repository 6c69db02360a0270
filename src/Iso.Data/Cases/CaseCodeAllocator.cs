using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Cases;

/// <summary>Gives the next case number of an agency for a receipt day: one INSERT … ON CONFLICT DO UPDATE … RETURNING,
/// which SQLite (3.35+) and PostgreSQL both run atomically, so two receptions at the same moment never get the same number.
/// The number is taken in its own short transaction before the case starts; a start that then fails leaves a gap in the
/// day's numbers, never a duplicate (ADR 0015).</summary>
public sealed class CaseCodeAllocator(IDbContextFactory<IsoDbContext> contexts)
{
    public async Task<int> NextAsync(Guid agencyId, DateOnly day, CancellationToken cancellationToken = default)
    {
        var dayNumber = (day.Year * 10000) + (day.Month * 100) + day.Day;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var numbers = await db.Database.SqlQuery<int>($"""
            INSERT INTO "CaseCodeSequences" ("AgencyId", "Day", "LastNumber") VALUES ({agencyId}, {dayNumber}, 1)
            ON CONFLICT ("AgencyId", "Day") DO UPDATE SET "LastNumber" = "CaseCodeSequences"."LastNumber" + 1
            RETURNING "LastNumber" AS "Value"
            """).ToListAsync(cancellationToken);
        return numbers.Single();
    }

    /// <summary>Takes <paramref name="count"/> numbers of the agency's day at once (bulk loading: <c>seed --cases</c>) in
    /// the caller's context and transaction; returns the first. The same one statement, so it never collides with
    /// <see cref="NextAsync"/>.</summary>
    public static async Task<int> TakeRangeAsync(IsoDbContext db, Guid agencyId, DateOnly day, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var dayNumber = (day.Year * 10000) + (day.Month * 100) + day.Day;
        var numbers = await db.Database.SqlQuery<int>($"""
            INSERT INTO "CaseCodeSequences" ("AgencyId", "Day", "LastNumber") VALUES ({agencyId}, {dayNumber}, {count})
            ON CONFLICT ("AgencyId", "Day") DO UPDATE SET "LastNumber" = "CaseCodeSequences"."LastNumber" + {count}
            RETURNING "LastNumber" AS "Value"
            """).ToListAsync(cancellationToken);
        return numbers.Single() - count + 1;
    }
}
