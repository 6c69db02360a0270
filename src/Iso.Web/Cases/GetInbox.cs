using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>The caller's inbox: open tasks of their own agency assigned to them or open to their role and unit, by due date.
/// Cross-agency readers get their own agency's inbox too: reading other agencies' cases never makes their tasks one's work.</summary>
public sealed class GetInbox(IWorkflowStore store, IWorkflowRuntime runtime)
{
    public async Task<Result<IReadOnlyList<TaskView>>> HandleAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        var inbox = await store.GetInboxAsync(new InboxQuery(caller.AgencyId, caller.UserId, caller.Roles, caller.UnitCodes), cancellationToken);
        return Result.Ok<IReadOnlyList<TaskView>>([.. inbox.Select(t => t.ToView(runtime))]);
    }
}
