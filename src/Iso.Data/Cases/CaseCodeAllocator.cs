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
}
