namespace Iso.Workflows.Persistence;

/// <summary>A notification written by the built-in <c>notify</c> action, addressed to a role (and unit) of an agency or to one person.</summary>
public sealed class WorkflowNotificationRecord
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid CaseId { get; set; }

    public Guid? TaskId { get; set; }

    public string? RecipientRole { get; set; }

    public string? RecipientUnitCode { get; set; }

    public Guid? RecipientUserId { get; set; }

    public required string Message { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }

    public WorkflowNotificationRecord Clone() => (WorkflowNotificationRecord)MemberwiseClone();
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
