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

/// <summary>An apology letter (Phiếu xin lỗi và hẹn lại ngày trả kết quả, form 04) for a late case, with the new
/// appointment date computed in working time. It is drafted (by the <c>apology.issue</c> action when the case passes its
/// due moment, or by the handling officer) and issued once by a leader of the agency: <see cref="IssuedAt"/> is null
/// while it is a draft. Of several drafts of a case only the latest one not issued is pending.</summary>
public sealed class WorkflowApologyRecord
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>When the letter was drafted or last edited.</summary>
    public DateTimeOffset DraftedAt { get; set; }

    /// <summary>Who drafted or last edited it; null when the engine drafted it (the case passed its due moment).</summary>
    public Guid? DraftedById { get; set; }

    /// <summary>When a leader issued (signed) it; null while it is a draft.</summary>
    public DateTimeOffset? IssuedAt { get; set; }

    public Guid? IssuedById { get; set; }

    /// <summary>The version of form 04 the letter is printed with (null: the host's current version).</summary>
    public string? FormVersion { get; set; }

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
