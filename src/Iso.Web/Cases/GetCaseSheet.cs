using Iso.Data;
using Iso.Web.Application;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>One step of a case as the process control sheet (form 05) lists it: who handed it on, who took it, when, how
/// long it took in working hours against its allotted time, and whether it was on time (null while open or not counted).</summary>
public sealed record CaseStepView(
    Guid TaskId,
    string NodeId,
    string Title,
    string CandidateRole,
    string? CandidateUnitCode,
    string Status,
    string? HandledBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? DueAt,
    decimal? AllottedHours,
    decimal TakenHours,
    bool? OnTime,
    string? DueState,
    string? Outcome,
    string? OutcomeLabel,
    string? Comment)
{
    /// <summary>The name of the unit the step was open to (<see cref="CandidateUnitCode"/>), when the agency has it.</summary>
    public string? CandidateUnitName { get; init; }
}

public sealed record CaseFileView(Guid Id, string? DocumentName, string FileName, string ContentType, long Length, string Sha256, DateTimeOffset StoredAt);

/// <summary>An apology letter of the case: <see cref="Status"/> draft, issued or superseded (see <see cref="CaseApologies"/>).</summary>
public sealed record ApologyView(
    Guid Id,
    string Status,
    DateTimeOffset DraftedAt,
    DateTimeOffset? IssuedAt,
    string? IssuedBy,
    DateTimeOffset? OriginalDueAt,
    DateTimeOffset NewAppointmentAt,
    string Reason);

/// <summary>The case page: the case, its steps against their time, the journal with its verification, the scans and
/// apologies, and whether the caller may act in its agency at all (auditors read, never act).</summary>
public sealed record CaseSheet(
    CaseDetails Case,
    string Code,
    string ProcedureName,
    string AgencyName,
    string? ParentAgencyName,
    string? ApplicantName,
    IReadOnlyList<CaseStepView> Steps,
    IReadOnlyList<CaseFileView> Files,
    IReadOnlyList<ApologyView> Apologies,
    IReadOnlyDictionary<Guid, string> People,
    bool MayAct)
{
    /// <summary>Where the case stands against the appointment the applicant holds (<see cref="Cases.Lateness"/>).</summary>
    public string Lateness { get; init; } = Cases.Lateness.OnTime;

    /// <summary>The appointment the applicant holds now: the latest issued apology's new date, else the case's due moment.</summary>
    public DateTimeOffset? AppointmentAt { get; init; }

    /// <summary>The title of each step of the case's procedure by node id, to name the journal's entries.</summary>
    public IReadOnlyDictionary<string, string> StepTitles { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>Reads a case for its page (by code or id): own agency, or any for cross-agency readers.</summary>
public sealed class GetCaseSheet(
    GetCase getCase, IWorkflowStore store, CaseProcedures procedures, IWorkingCalendar calendar, IDbContextFactory<IsoDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<CaseSheet>> HandleAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var found = await getCase.HandleAsync(caller, idOrCode, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem!;
        }

        var details = found.Value;
        var workflowCase = (await store.FindCaseAsync(details.Id, cancellationToken))!;
        var tasks = await store.GetTasksOfCaseAsync(details.Id, cancellationToken);
        var apologies = await store.GetApologiesAsync(details.Id, cancellationToken);
        var procedure = await procedures.OfCaseAsync(workflowCase, cancellationToken);
        var nodes = procedure?.Definition.Nodes.OfType<UserTaskNode>().ToDictionary(n => n.Id, StringComparer.Ordinal) ?? [];

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var personIds = tasks.SelectMany(t => new[] { t.AssigneeId, t.CompletedById })
            .Concat(apologies.SelectMany(a => new[] { a.DraftedById, a.IssuedById }))
            .Concat(details.Journal.Select(e => e.ActorId)).Append(details.InitiatorId)
            .OfType<Guid>().Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => personIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, cancellationToken);
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == details.AgencyId)
            .Select(a => new { a.Name, Parent = a.Parent == null ? null : a.Parent.Name }).SingleAsync(cancellationToken);
        var applicant = await db.CaseReceptions.AsNoTracking().Where(r => r.CaseId == details.Id).Select(r => r.ApplicantName).SingleOrDefaultAsync(cancellationToken);
        var unitCodes = tasks.Select(t => t.CandidateUnitCode).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var units = unitCodes.Count == 0 ? [] : await db.Units.AsNoTracking()
            .Where(u => u.AgencyId == details.AgencyId && unitCodes.Contains(u.Code))
            .Select(u => new { u.Code, u.Name, u.EffectiveFrom, u.EffectiveTo }).ToListAsync(cancellationToken);
        // A unit's code may have had several rows over time: the current one names it, else the latest.
        var unitNames = units.GroupBy(u => u.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(u => u.EffectiveTo is null ? 0 : 1).ThenByDescending(u => u.EffectiveFrom).First().Name, StringComparer.Ordinal);
        var files = await db.CaseFiles.AsNoTracking().Where(f => f.CaseId == details.Id).OrderBy(f => f.StoredAt)
            .Select(f => new CaseFileView(f.Id, f.DocumentName, f.FileName, f.ContentType, f.Length, f.Sha256, f.StoredAt)).ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var pending = Iso.Workflows.Actions.ApologyActions.Pending(apologies);
        var appointment = CaseApologies.AppointmentOf(workflowCase, apologies);
        var steps = tasks.Select(t =>
        {
            nodes.TryGetValue(t.NodeId, out var node);
            var allotted = node?.Duration?.ToWorkingDuration();
            var handler = t.CompletedById ?? t.AssigneeId;
            return new CaseStepView(
                t.Id,
                t.NodeId,
                t.Title,
                t.CandidateRole,
                t.CandidateUnitCode,
                t.Status.ToString(),
                handler is { } h ? people.GetValueOrDefault(h) : null,
                t.CreatedAt,
                t.CompletedAt,
                t.DueAt,
                allotted?.Hours,
                calendar.WorkingTimeBetween(t.CreatedAt, t.CompletedAt ?? now).Hours,
                t.CompletedAt is { } done && t.DueAt is { } due ? done <= due : null,
                details.Tasks.FirstOrDefault(v => v.Id == t.Id)?.DueState,
                t.Outcome,
                node?.Outcomes.FirstOrDefault(o => o.Name == t.Outcome)?.Label,
                t.Comment)
            {
                CandidateUnitName = t.CandidateUnitCode is { } code ? unitNames.GetValueOrDefault(code) : null,
            };
        }).ToList();

        return new CaseSheet(
            details,
            details.Code ?? details.Id.ToString(),
            procedure?.Definition.Name ?? details.DefinitionKey,
            agency.Name,
            agency.Parent,
            applicant,
            steps,
            files,
            [.. apologies.OrderBy(a => a.DraftedAt).Select(a => new ApologyView(
                a.Id,
                a.IssuedAt is not null ? "issued" : a.Id == pending?.Id ? "draft" : "superseded",
                a.DraftedAt,
                a.IssuedAt,
                a.IssuedById is { } by ? people.GetValueOrDefault(by) : null,
                a.OriginalDueAt,
                a.NewAppointmentAt,
                a.Reason))],
            people,
            caller.MayActIn(details.AgencyId))
        {
            Lateness = Lateness.Of(workflowCase, tasks, appointment, now),
            AppointmentAt = appointment,
            StepTitles = nodes.Values.ToDictionary(n => n.Id, n => n.Title, StringComparer.Ordinal),
        };
    }
}
