using Iso.Data;
using Iso.Data.Organisation;
using Iso.Web.Application;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Organisation;

/// <summary>An agency the figures count, with the dates it existed.</summary>
public sealed record CountedAgency(string Code, string Name, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

/// <summary>Figures of one agency, alone (<c>Lineage</c> false: what it received, including cases it later handed to a
/// successor) or with every agency it succeeded (<c>Lineage</c> true). <c>CasesTransferredOut</c> were received here and
/// moved to a successor by a merge; they are counted in <c>CasesReceived</c> but no longer in running.</summary>
public sealed record AgencyFigures(
    string Code, string Name, bool Lineage, IReadOnlyList<CountedAgency> Agencies,
    int CasesReceived, int CasesRunning, int CasesCompleted, int CasesCancelled, int CasesTransferredOut, int People, int Units);

/// <summary>Figures per old or per new agency (the statistics build on it). Agencies are public, but their figures are
/// read by whoever may read the agency: its own people, auditors and administrators.</summary>
public sealed class GetAgencyFigures(IDbContextFactory<IsoDbContext> contexts)
{
    public async Task<Result<AgencyFigures>> HandleAsync(Caller caller, string? code, bool lineage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (new Validation().Required("code", code, TextLimits.Code).Problem is { } invalid)
        {
            return invalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var normalised = code!.Trim().ToUpperInvariant();
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Code == normalised, cancellationToken);
        if (agency is null)
        {
            return Problem.NotFound("Problem_AgencyNotFound", code);
        }

        if (!caller.MayRead(agency.Id))
        {
            return Problem.Forbidden("Problem_AgencyForbidden", code);
        }

        var ids = lineage ? [.. await new OrganisationChanges(db).GetLineageAsync(agency.Id, cancellationToken)] : new List<Guid> { agency.Id };
        var counted = await db.Agencies.AsNoTracking().Where(a => ids.Contains(a.Id))
            .OrderBy(a => a.EffectiveFrom).ThenBy(a => a.Code)
            .Select(a => new CountedAgency(a.Code, a.Name, a.EffectiveFrom, a.EffectiveTo)).ToListAsync(cancellationToken);
        var byStatus = await db.Set<WorkflowCaseRecord>().AsNoTracking().Where(c => ids.Contains(c.AgencyId))
            .GroupBy(c => c.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Of(CaseStatus status) => byStatus.Where(s => s.Status == status).Sum(s => s.Count);

        // Cases moved away by a merge: their transfer entry names the agency they left; those that went to an agency
        // outside the counted set were received here but are counted there now.
        var transferredOut = 0;
        foreach (var id in ids)
        {
            var marker = "\"from\":\"" + id.ToString("D") + "\"";
            var moved = await (from e in db.Set<WorkflowJournalEntry>().AsNoTracking()
                               join c in db.Set<WorkflowCaseRecord>() on e.CaseId equals c.Id
                               where e.Kind == JournalKinds.CaseTransferred && e.DataJson != null && e.DataJson.Contains(marker) && !ids.Contains(c.AgencyId)
                               select e.CaseId).Distinct().CountAsync(cancellationToken);
            transferredOut += moved;
        }

        var people = await db.Users.CountAsync(u => ids.Contains(u.AgencyId) && u.IsActive, cancellationToken);
        var units = await db.Units.CountAsync(u => ids.Contains(u.AgencyId) && u.EffectiveTo == null, cancellationToken);
        var running = Of(CaseStatus.Running);
        var completed = Of(CaseStatus.Completed);
        var cancelled = Of(CaseStatus.Cancelled);
        return new AgencyFigures(agency.Code, agency.Name, lineage, counted,
            running + completed + cancelled + transferredOut, running, completed, cancelled, transferredOut, people, units);
    }
}
