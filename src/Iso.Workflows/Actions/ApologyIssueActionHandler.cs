using System.Globalization;
using Iso.Workflows.Calendar;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Actions;

/// <summary>
/// <c>apology.issue</c>: drafts the apology letter (Phiếu xin lỗi và hẹn lại ngày trả kết quả) of a late case with a new
/// appointment date counted in working time from now, and tells the agency's leaders it waits for their signature. A
/// leader issues it (<see cref="Runtime.IssueApologyCommand"/>). Parameters: <c>workingDays</c> or <c>workingHours</c>
/// (default 3 working days), <c>reason</c>.
/// </summary>
public sealed class ApologyIssueActionHandler : IWorkflowActionHandler
{
    public const decimal DefaultExtensionDays = 3m;

    public string Name => "apology.issue";

    public ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var extension = context.GetNumber("workingHours") is { } hours && hours > 0 ? WorkingDuration.FromHours(hours)
            : context.GetNumber("workingDays") is { } days && days > 0 ? WorkingDuration.FromDays(days)
            : WorkingDuration.FromDays(DefaultExtensionDays);
        var newDate = context.Calendar.AddWorkingTime(context.Now, extension);
        var apology = new WorkflowApologyRecord
        {
            Id = Guid.CreateVersion7(context.Now),
            AgencyId = context.Case.AgencyId,
            CaseId = context.Case.Id,
            DraftedAt = context.Now,
            OriginalDueAt = context.Case.DueAt,
            NewAppointmentAt = newDate,
            Reason = context.GetString("reason") ?? ApologyActions.DefaultReason,
        };
        context.UnitOfWork.AddApology(apology);
        context.UnitOfWork.AddNotification(ApologyActions.PendingNotice(context.Case, context.Now));
        context.Journal(JournalKinds.ApologyDrafted, ApologyActions.DataJson(apology));
        return ValueTask.CompletedTask;
    }
}

/// <summary>What the apology action and the apology commands share.</summary>
public static class ApologyActions
{
    public const string DefaultReason = "Hồ sơ chưa được giải quyết đúng thời hạn đã hẹn.";

    /// <summary>The pending draft: the latest apology not issued, unless one was issued after it was drafted (then none).</summary>
    public static WorkflowApologyRecord? Pending(IEnumerable<WorkflowApologyRecord> apologies)
    {
        ArgumentNullException.ThrowIfNull(apologies);
        WorkflowApologyRecord? latestDraft = null;
        DateTimeOffset? lastIssued = null;
        foreach (var a in apologies)
        {
            if (a.IssuedAt is { } issuedAt)
            {
                lastIssued = lastIssued is { } l && l > issuedAt ? l : issuedAt;
            }
            else if (latestDraft is null || a.DraftedAt > latestDraft.DraftedAt)
            {
                latestDraft = a;
            }
        }

        return latestDraft is not null && (lastIssued is null || latestDraft.DraftedAt > lastIssued) ? latestDraft : null;
    }

    /// <summary>The letter waits for a leader of the agency to sign it (the bell's "pending apology").</summary>
    internal static WorkflowNotificationRecord PendingNotice(WorkflowCaseRecord workflowCase, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        AgencyId = workflowCase.AgencyId,
        CaseId = workflowCase.Id,
        Kind = NotificationKinds.Apology,
        RecipientRole = "Leader",
        Message = $"Phiếu xin lỗi và hẹn lại ngày trả kết quả của hồ sơ {workflowCase.Code ?? workflowCase.Reference ?? workflowCase.DefinitionKey} chờ lãnh đạo ký.",
        CreatedAt = now,
    };

    internal static string DataJson(WorkflowApologyRecord apology) =>
        "{\"apologyId\":\"" + apology.Id.ToString("D") + "\",\"newAppointmentAt\":\""
        + apology.NewAppointmentAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) + "\"}";
}
