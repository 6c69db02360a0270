using Iso.Web.Application;
using Iso.Workflows.Persistence;

namespace Iso.Web.Cases;

/// <summary>Agency scoping of cases and tasks, shared by the case use cases. A case or task the caller may not read is
/// "not found" (its id reveals nothing); cross-agency readers see another agency's tasks but may not act on them.</summary>
internal static class CaseAccess
{
    public static Problem CaseNotFound(Guid id) => Problem.NotFound("Problem_CaseNotFound", id);

    public static Problem TaskNotFound(Guid id) => Problem.NotFound("Problem_TaskNotFound", id);

    /// <summary>Null when the caller may claim or complete the task as far as the agency goes; the engine then checks role, unit and assignee.</summary>
    public static async Task<Problem?> CheckMayActOnTaskAsync(this IWorkflowStore store, Caller caller, Guid taskId, CancellationToken cancellationToken) =>
        MayActOn(caller, taskId, await store.FindTaskAsync(taskId, cancellationToken));

    /// <summary>The same check on a task already read (a use case that needs the task afterwards reads it once).</summary>
    public static Problem? MayActOn(Caller caller, Guid taskId, WorkflowTaskRecord? task)
    {
        if (task is null || !caller.MayRead(task.AgencyId))
        {
            return TaskNotFound(taskId);
        }

        return caller.MayActIn(task.AgencyId) ? null : Problem.Forbidden("Problem_TaskOfAnotherAgency", taskId);
    }
}
