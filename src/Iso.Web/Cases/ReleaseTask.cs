using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>Gives a task one has claimed back to its candidates (unclaim), so that someone else in the unit can take it.</summary>
public sealed class ReleaseTask(IWorkflowStore store, IWorkflowRuntime runtime)
{
    public async Task<Result<CommandView>> HandleAsync(Caller caller, Guid taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await store.CheckMayActOnTaskAsync(caller, taskId, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await WorkflowProblems.RunAsync(
            runtime, () => runtime.ReleaseTaskAsync(new ReleaseTaskCommand(taskId, caller.ToWorkflowActor()), cancellationToken));
    }
}
