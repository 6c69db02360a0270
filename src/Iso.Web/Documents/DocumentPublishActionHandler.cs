using System.Globalization;
using Iso.Workflows.Actions;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;

namespace Iso.Web.Documents;

/// <summary>
/// <c>document.publish</c> (the shipped <c>document-control</c> procedure, after "approve"): stages a
/// <see cref="WorkflowEffectRecord"/> with the approver (who completed the "approve" step) and the effective date. The
/// database applies it in the engine's own transaction (trigger <c>TR_WorkflowEffects_DocumentPublish</c>): the
/// version under review for this case becomes effective with the approver's printed name, and the version in force
/// before it is superseded. If no version of the case is in review, the database refuses and the whole step is undone.
/// </summary>
public sealed class DocumentPublishActionHandler : IWorkflowActionHandler
{
    public const string ActionName = "document.publish";

    public string Name => ActionName;

    public ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var approval = context.CaseTasks.LastOrDefault(t => t is { Status: WorkflowTaskStatus.Completed, NodeId: "approve" });
        var effectiveOn = EffectiveDate(context);
        context.UnitOfWork.AddEffect(new WorkflowEffectRecord
        {
            Id = Guid.CreateVersion7(context.Now),
            AgencyId = context.Case.AgencyId,
            CaseId = context.Case.Id,
            Kind = ActionName,
            ActorId = approval?.CompletedById,
            Value = effectiveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CreatedAt = context.Now,
        });
        context.Journal("DocumentPublished", "{\"effectiveDate\":\"" + effectiveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"}");
        return ValueTask.CompletedTask;
    }

    /// <summary>The date the approver gave, else the day of approval in the calendar's time zone.</summary>
    private static DateOnly EffectiveDate(WorkflowActionContext context)
    {
        if (context.Variables.TryGetValue("effectiveDate", out var value) && value is string text
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        var zone = context.Calendar is WorkingCalendar working ? working.TimeZone : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Now, zone).DateTime);
    }
}
