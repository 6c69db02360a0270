using Iso.Data;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Organisation;

/// <summary>What a merge's follow-up moved to the successor: running cases (with those that could not be moved, which a
/// later run moves) and the predecessors' published procedures the successor lacked.</summary>
public sealed record CarryOverResult(int CasesMoved, int CasesPending, int ProceduresCarried, IReadOnlyList<string> Failures);

/// <summary>The engine's half of a merge: after the organisation is merged (one transaction of the data layer), each
/// running case of a predecessor moves to the successor through the engine's <see cref="TransferCaseCommand"/> (one
/// journalled unit of work per case), then the predecessors' published procedures are published for the successor.
/// Repeatable: what was moved is not found again, so running it again moves only what is left. No authorisation here:
/// the merge use case and the demo's reorganisation call it.</summary>
public sealed class OrganisationSuccession(
    IDbContextFactory<IsoDbContext> contexts, IWorkflowRuntime runtime, WorkflowDefinitionService definitions, ILogger<OrganisationSuccession> logger)
{
    public async Task<CarryOverResult> CarryOverAsync(Guid successorId, Guid? actorId, string reason, CancellationToken cancellationToken = default)
    {
        List<Guid> predecessors;
        List<Guid> running;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            predecessors = await db.Agencies.AsNoTracking().Where(a => a.SuccessorId == successorId).Select(a => a.Id).ToListAsync(cancellationToken);
            running = await db.Set<WorkflowCaseRecord>().AsNoTracking()
                .Where(c => predecessors.Contains(c.AgencyId) && c.Status == CaseStatus.Running)
                .OrderBy(c => c.StartedAt).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        var moved = 0;
        var failures = new List<string>();
        foreach (var caseId in running)
        {
            try
            {
                await runtime.TransferCaseAsync(new TransferCaseCommand(caseId, successorId, reason, actorId), cancellationToken);
                moved++;
            }
            catch (Exception ex) when (ex is WorkflowException or WorkflowConcurrencyException or DbUpdateException or System.Data.Common.DbException)
            {
                // The merge is recorded already; this case stays where it was until the follow-up is run again.
                logger.LogWarning(ex, "Case {CaseId} could not be moved to agency {SuccessorId}", caseId, successorId);
                failures.Add($"{caseId:D}: {ex.Message}");
            }
        }

        var procedures = 0;
        foreach (var predecessor in predecessors)
        {
            procedures += (await definitions.CarryOverPublishedAsync(predecessor, successorId, cancellationToken)).Count;
        }

        return new CarryOverResult(moved, failures.Count, procedures, failures);
    }
}
