using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Actions;

/// <summary>
/// <c>notify</c>: writes a notification to the store. Parameters (all optional): <c>role</c> and <c>unit</c> of the
/// recipients in the case's agency, <c>to</c> = "assignee" | "initiator", <c>message</c>. Without recipients it notifies
/// the task's assignee (or its candidates) for an overdue task, and the initiator otherwise.
/// </summary>
public sealed class NotifyActionHandler : IWorkflowActionHandler
{
    public string Name => "notify";

    public ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var role = context.GetString("role");
        var unit = context.GetString("unit");
        Guid? user = null;
        var to = context.GetString("to");
        if (to == "initiator")
        {
            user = context.Case.InitiatorId;
        }
        else if (to == "assignee" || (role is null && context.Task is not null))
        {
            user = context.Task?.AssigneeId;
            if (user is null && context.Task is { } task)
            {
                role = task.CandidateRole;
                unit ??= task.CandidateUnitCode;
            }
        }
        else if (role is null)
        {
            user = context.Case.InitiatorId;
        }

        var subject = context.Case.Reference is { } reference ? $"hồ sơ {reference}" : $"hồ sơ {context.Case.DefinitionKey}";
        var message = context.GetString("message")
            ?? (context.Task is { } t ? $"Công việc “{t.Title}” của {subject} đã quá hạn xử lý." : $"{char.ToUpperInvariant(subject[0])}{subject[1..]} cần được chú ý.");
        context.UnitOfWork.AddNotification(new WorkflowNotificationRecord
        {
            Id = Guid.CreateVersion7(context.Now),
            AgencyId = context.Case.AgencyId,
            CaseId = context.Case.Id,
            TaskId = context.TaskId,
            // Escalations run with the overdue task, or as the node "case" for the case's time limit.
            Kind = context.Task is not null || context.NodeId == "case" ? NotificationKinds.Overdue : NotificationKinds.Message,
            RecipientRole = user is null ? role : null,
            RecipientUnitCode = user is null ? unit : null,
            RecipientUserId = user,
            Message = message,
            CreatedAt = context.Now,
        });
        context.Journal(JournalKinds.NotificationSent);
        return ValueTask.CompletedTask;
    }
}
