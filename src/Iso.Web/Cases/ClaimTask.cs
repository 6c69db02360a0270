using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>Takes an open task of one's own agency for oneself, so that it leaves the other candidates' inboxes.</summary>
public sealed class ClaimTask(IWorkflowStore store, IWorkflowRuntime runtime)
{
    public async Task<Result<CommandView>> HandleAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await store.CheckMayActOnTaskAsync(caller, taskId, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await WorkflowProblems.RunAsync(
            runtime, () => runtime.ClaimTaskAsync(new ClaimTaskCommand(taskId, caller.ToWorkflowActor()), cancellationToken));
    }
}
