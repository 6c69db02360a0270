using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>A case with its tasks, journal and the journal's verification: own agency, or any for cross-agency readers.</summary>
public sealed class GetCase(IWorkflowStore store, IWorkflowRuntime runtime, CaseCodes codes)
{
    /// <summary>The case named by its code (mã hồ sơ) or its id; another agency's is not found either way.</summary>
    public async Task<Result<CaseDetails>> HandleAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await codes.ResolveAsync(idOrCode, cancellationToken) is not { } id)
        {
            return Problem.NotFound("Problem_CaseCodeNotFound", idOrCode);
        }

        // Not found by its code: the answer names the code asked for, never the id behind it.
        var found = await HandleAsync(caller, id, cancellationToken);
        return found.Problem is { Kind: ProblemKind.NotFound } ? Problem.NotFound("Problem_CaseCodeNotFound", idOrCode) : found;
    }

    public async Task<Result<CaseDetails>> HandleAsync(Caller caller, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var workflowCase = await store.FindCaseAsync(id, cancellationToken);
        if (workflowCase is null || !caller.MayRead(workflowCase.AgencyId))
        {
            return CaseAccess.CaseNotFound(id);
        }

        var tasks = await store.GetTasksOfCaseAsync(id, cancellationToken);
        var journal = await store.GetJournalAsync(id, cancellationToken);
        var verification = runtime.VerifyJournal(workflowCase, journal);
        return workflowCase.ToDetails(tasks, journal, verification, runtime);
    }
}
