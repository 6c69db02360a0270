namespace Iso.Workflows.Persistence;

/// <summary>A notification written by the built-in <c>notify</c> action, addressed to a role (and unit) of an agency or to one person.</summary>
public sealed class WorkflowNotificationRecord
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid CaseId { get; set; }

    public Guid? TaskId { get; set; }

    /// <summary>What it is about (<see cref="NotificationKinds"/>): a new task, a returned case, overdue work, an apology, a message.</summary>
    public string Kind { get; set; } = NotificationKinds.Message;

    public string? RecipientRole { get; set; }

    public string? RecipientUnitCode { get; set; }

    public Guid? RecipientUserId { get; set; }

    public required string Message { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }

    public WorkflowNotificationRecord Clone() => (WorkflowNotificationRecord)MemberwiseClone();
}

/// <summary>The kinds of notification the engine writes.</summary>
public static class NotificationKinds
{
    /// <summary>A task was created for its candidates (or assignee).</summary>
    public const string NewTask = "NewTask";

    /// <summary>A task was created because someone returned the case with a comment (an outcome that requires one).</summary>
    public const string Returned = "Returned";

    /// <summary>A task or the case passed its due moment (escalation).</summary>
    public const string Overdue = "Overdue";

    /// <summary>An apology letter was drafted for a late case and waits for a leader.</summary>
    public const string Apology = "Apology";

    /// <summary>A message from a <c>notify</c> action of the procedure.</summary>
    public const string Message = "Message";
}

/// <summary>An apology letter (thư xin lỗi) for a late case, with the new appointment date computed in working time.</summary>
public sealed class WorkflowApologyRecord
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid CaseId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? OriginalDueAt { get; set; }

    public DateTimeOffset NewAppointmentAt { get; set; }

    public required string Reason { get; set; }

    public WorkflowApologyRecord Clone() => (WorkflowApologyRecord)MemberwiseClone();
}

/// <summary>
/// An effect of an action on the host's own data (e.g. <c>document.publish</c> makes a document version effective),
/// stored with the step in the same transaction. The engine knows nothing of the host's tables: the host's database
/// applies the effect when the row is written (a trigger), so the step and its effect are stored together or not at all.
/// </summary>
public sealed class WorkflowEffectRecord
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The action's name, e.g. <c>document.publish</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>The person whose step caused the effect (e.g. who approved), if any.</summary>
    public Guid? ActorId { get; set; }

    /// <summary>Their printed name at that moment.</summary>
    public string? ActorName { get; set; }

    /// <summary>One value the effect needs (e.g. the effective date, yyyy-MM-dd).</summary>
    public string? Value { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public WorkflowEffectRecord Clone() => (WorkflowEffectRecord)MemberwiseClone();
}
