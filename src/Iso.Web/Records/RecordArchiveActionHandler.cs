using System.Globalization;
using System.Text.Json;
using Iso.Data;
using Iso.Workflows.Actions;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Records;

/// <summary>
/// <c>record.archive</c> (the shipped <c>records-control</c> procedure, after the records were handed to the agency's
/// archive): finds the agency's record type named by the case's <c>recordsTitle</c>, and every record of that type whose
/// retention has ended and that is not archived yet (a finished case of the type's procedure, finished at least
/// <c>RetentionYears</c> ago), and stages one <see cref="WorkflowEffectRecord"/> per record. The database writes the
/// archive rows from them in the step's own transaction (trigger <c>TR_WorkflowEffects_RecordArchive</c>), so the step
/// and the archiving happen together or not at all; the decision (type, records, who, where to, the handover minutes)
/// goes to the case's journal. Records still within their retention are left as they are.
/// </summary>
public sealed class RecordArchiveActionHandler(IServiceScopeFactory scopes) : IWorkflowActionHandler
{
    public const string ActionName = "record.archive";

    /// <summary>The step whose completion hands the records over (its person decided it).</summary>
    public const string HandoverNodeId = "transfer";

    public string Name => ActionName;

    public async ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var title = context.Variables.TryGetValue("recordsTitle", out var value) ? (value as string)?.Trim() : null;
        var handover = context.CaseTasks.LastOrDefault(t => t is { Status: WorkflowTaskStatus.Completed, NodeId: HandoverNodeId });
        var minutes = MinutesOf(handover?.FormDataJson);
        var destination = string.Join(" — ", new[] { context.GetString("destination"), minutes is { Length: > 0 } ? "BB " + minutes : null }.Where(s => !string.IsNullOrEmpty(s)));
        if (destination.Length > 300)
        {
            destination = destination[..300];
        }

        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(cancellationToken);
        var type = string.IsNullOrEmpty(title)
            ? null
            : await db.RecordTypes.AsNoTracking().SingleOrDefaultAsync(t => t.AgencyId == context.Case.AgencyId && t.Name == title, cancellationToken);
        var archived = new List<(Guid Id, string? Code)>();
        if (type is not null)
        {
            var cutoff = context.Now.AddYears(-type.RetentionYears);
            var expired = await db.Set<WorkflowCaseRecord>().AsNoTracking()
                .Where(c => c.AgencyId == type.AgencyId && c.DefinitionKey == type.ProcedureKey && c.Status == CaseStatus.Completed
                    && c.CompletedAt != null && c.CompletedAt <= cutoff
                    && !db.RecordArchives.Any(a => a.RecordTypeId == type.Id && a.CaseId == c.Id))
                .Select(c => new { c.Id, c.Code })
                .ToListAsync(cancellationToken);
            foreach (var record in expired.OrderBy(r => r.Code, StringComparer.Ordinal))
            {
                context.UnitOfWork.AddEffect(new WorkflowEffectRecord
                {
                    Id = Guid.CreateVersion7(context.Now),
                    AgencyId = context.Case.AgencyId,
                    CaseId = context.Case.Id,
                    Kind = ActionName,
                    ActorId = handover?.CompletedById,
                    Value = string.Create(CultureInfo.InvariantCulture, $"{type.Id.ToString("D").ToUpperInvariant()}|{record.Id.ToString("D").ToUpperInvariant()}|{destination}"),
                    CreatedAt = context.Now,
                });
                archived.Add((record.Id, record.Code));
            }
        }

        context.Journal("RecordsArchived", JsonSerializer.Serialize(new
        {
            recordType = type?.Name ?? title,
            recordTypeId = type?.Id,
            destination,
            decidedBy = handover?.CompletedById,
            count = archived.Count,
            cases = archived.Select(a => a.Code ?? a.Id.ToString()).ToArray(),
        }));
    }

    /// <summary>The handover minutes' number typed in the handover step's form, if any.</summary>
    private static string? MinutesOf(string? formJson)
    {
        if (string.IsNullOrEmpty(formJson))
        {
            return null;
        }

        using var form = JsonDocument.Parse(formJson);
        return form.RootElement.ValueKind == JsonValueKind.Object && form.RootElement.TryGetProperty("handoverMinutesNo", out var value)
            && value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
    }
}
