using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>A case with its tasks, journal and the journal's verification: own agency, or any for cross-agency readers.</summary>
public sealed class GetCase(IWorkflowStore store, IWorkflowRuntime runtime)
{
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
