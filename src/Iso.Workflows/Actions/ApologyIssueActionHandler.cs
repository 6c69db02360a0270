using System.Globalization;
using Iso.Workflows.Calendar;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Actions;

/// <summary>
/// <c>apology.issue</c>: records an apology letter (thư xin lỗi) for a late case with a new appointment date, counted in
/// working time from now. Parameters: <c>workingDays</c> or <c>workingHours</c> (default 3 working days), <c>reason</c>.
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
            IssuedAt = context.Now,
            OriginalDueAt = context.Case.DueAt,
            NewAppointmentAt = newDate,
            Reason = context.GetString("reason") ?? "Hồ sơ chưa được giải quyết đúng thời hạn đã hẹn.",
        };
        context.UnitOfWork.AddApology(apology);
        // The letter waits for a leader of the agency to sign it (the bell's "pending apology").
        context.UnitOfWork.AddNotification(new WorkflowNotificationRecord
        {
            Id = Guid.CreateVersion7(context.Now),
            AgencyId = context.Case.AgencyId,
            CaseId = context.Case.Id,
            Kind = NotificationKinds.Apology,
            RecipientRole = "Leader",
            Message = $"Phiếu xin lỗi và hẹn lại ngày trả kết quả của hồ sơ {context.Case.Reference ?? context.Case.DefinitionKey} chờ lãnh đạo ký.",
            CreatedAt = context.Now,
        });
        context.Journal(JournalKinds.ApologyIssued,
            "{\"newAppointmentAt\":\"" + newDate.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) + "\"}");
        return ValueTask.CompletedTask;
    }
}
