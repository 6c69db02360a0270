using System.Text.Json;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Workflows.Actions;
using Iso.Workflows.Calendar;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Cases;

/// <summary>Where a case stands against the appointment it was given (the receipt's, or the latest issued apology's).</summary>
public static class Lateness
{
    /// <summary>Running, every open step can still end by the appointment.</summary>
    public const string OnTime = "onTime";

    /// <summary>Running and not yet past the appointment, but a step is overdue or is due after the appointment: the
    /// appointment can no longer be met, so the apology is written before it is missed.</summary>
    public const string AtRisk = "atRisk";

    /// <summary>Running and past the appointment.</summary>
    public const string Late = "late";

    /// <summary>Finished (returned, refused, cancelled): no apology is drafted any more.</summary>
    public const string Finished = "finished";

    /// <summary>Classifies a case at <paramref name="now"/>; <paramref name="appointment"/> is the one the applicant holds.
    /// The due moments were computed in working time (holidays and weekends skipped), so a case is never late merely
    /// because calendar days passed over a holiday.</summary>
    public static string Of(WorkflowCaseRecord workflowCase, IEnumerable<WorkflowTaskRecord> tasks, DateTimeOffset? appointment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(workflowCase);
        ArgumentNullException.ThrowIfNull(tasks);
        if (workflowCase.Status != CaseStatus.Running)
        {
            return Finished;
        }

        if (appointment is not { } due)
        {
            return OnTime;
        }

        if (now > due)
        {
            return Late;
        }

        return tasks.Any(t => t.Status == WorkflowTaskStatus.Open && t.DueAt is { } stepDue && (stepDue < now || stepDue > due)) ? AtRisk : OnTime;
    }

    public static bool NeedsApology(string lateness) => lateness is Late or AtRisk;
}

/// <summary>One apology letter of a case. <see cref="Status"/>: draft (waits for a leader), issued, or superseded (an
/// older draft a later one replaced).</summary>
public sealed record ApologyLetterView(
    Guid Id,
    string Status,
    string Reason,
    DateTimeOffset? OriginalDueAt,
    DateTimeOffset NewAppointmentAt,
    DateTimeOffset DraftedAt,
    string? DraftedBy,
    DateTimeOffset? IssuedAt,
    string? IssuedBy,
    string FormVersion);

/// <summary>The apology side of a case: where it stands (<see cref="Lateness"/>), the appointment the applicant holds now,
/// the pending draft and the issued letters, a proposal when there is nothing to edit yet, what the caller may do, and
/// what the printed letter (form 04) names.</summary>
public sealed record CaseApologyView(
    Guid CaseId,
    string Code,
    string Lateness,
    DateTimeOffset? DueAt,
    DateTimeOffset? AppointmentAt,
    ApologyLetterView? Pending,
    IReadOnlyList<ApologyLetterView> Issued,
    ApologyProposal? Proposal,
    bool MayDraft,
    bool MayIssue,
    string ProcedureName,
    string AgencyName,
    string? ParentAgencyName,
    string? ApplicantName,
    string? ApplicantAddress,
    DateTimeOffset? ReceivedAt);

/// <summary>What the system proposes for a new draft: a reason and a new appointment in working time.</summary>
public sealed record ApologyProposal(string Reason, DateTimeOffset NewAppointmentAt);

/// <summary>Drafts the apology or edits the pending draft. Left out: the pending draft's value, else the proposal's.</summary>
public sealed record DraftApologyRequest(string? Reason = null, DateTimeOffset? NewAppointmentAt = null);

/// <summary>Issues the pending draft; <see cref="ApologyId"/>, when given, must be it (the letter the leader read).</summary>
public sealed record IssueApologyRequest(Guid? ApologyId = null);

/// <summary>
/// The apology letter of a late case (Phiếu xin lỗi và hẹn lại ngày trả kết quả, form 04): read it, draft or edit it (the
/// handling officer, the quality officer or a leader of the case's agency, while the case is late or cannot meet its
/// appointment), and issue it (a leader of the agency, once). Drafting and issuing go through the engine, so the
/// journal records both and still verifies. Another agency's case is not found; auditors read, never act.
/// </summary>
public sealed class CaseApologies(
    IWorkflowStore store,
    IWorkflowRuntime runtime,
    CaseCodes codes,
    CaseProcedures procedures,
    IWorkingCalendar calendar,
    IDbContextFactory<IsoDbContext> contexts,
    TimeProvider clock,
    CaseClock caseClock,
    IOptions<ReceptionOptions> options)
{
    public const int ReasonLimit = 2000;

    public async Task<Result<CaseApologyView>> GetAsync(Caller caller, string idOrCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var found = await FindAsync(caller, idOrCode, cancellationToken);
        return found.Succeeded ? await ViewAsync(caller, found.Value, cancellationToken) : found.Problem!;
    }

    public async Task<Result<CaseApologyView>> DraftAsync(Caller caller, string idOrCode, DraftApologyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var found = await FindAsync(caller, idOrCode, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem!;
        }

        var state = found.Value;
        if (!caller.MayActIn(state.Case.AgencyId))
        {
            return Problem.Forbidden("Problem_ApologyOtherAgency", state.Code);
        }

        if (!MayDraft(caller, state))
        {
            return Problem.Forbidden("Problem_ApologyDraftForbidden", state.Code);
        }

        if (state.Lateness == Lateness.Finished)
        {
            return Problem.Conflict("Problem_CaseNotRunning", state.Code);
        }

        if (state.Pending is null && !Lateness.NeedsApology(state.Lateness))
        {
            return Problem.Conflict("Problem_ApologyNotLate", state.Code);
        }

        var now = clock.GetUtcNow();
        var validation = new Validation();
        if (request.Reason is not null)
        {
            validation.Required("reason", request.Reason, ReasonLimit).Text("reason", request.Reason, ReasonLimit);
        }

        if (request.NewAppointmentAt is { } asked)
        {
            if (asked <= now)
            {
                validation.Add("newAppointmentAt", "Problem_ApologyDateInPast");
            }
            else if (state.Appointment is { } current && asked <= current)
            {
                validation.Add("newAppointmentAt", "Problem_ApologyDateNotLater");
            }
            else if (!calendar.IsWorkingDay(DateOnly.FromDateTime(caseClock.ToLocal(asked).DateTime)))
            {
                validation.Add("newAppointmentAt", "Problem_ApologyDateNotWorkingDay");
            }
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        var proposal = state.Pending is null ? await ProposeAsync(state, now, cancellationToken) : null;
        var reason = request.Reason?.Trim() ?? state.Pending?.Reason ?? proposal!.Reason;
        var newDate = request.NewAppointmentAt ?? state.Pending?.NewAppointmentAt ?? proposal!.NewAppointmentAt;
        try
        {
            await runtime.DraftApologyAsync(
                new DraftApologyCommand(state.Case.Id, caller.ToWorkflowActor(), reason, newDate, state.Pending?.FormVersion ?? options.Value.ReceiptFormVersion),
                cancellationToken);
        }
        catch (Exception ex) when (WorkflowProblems.IsEngineError(ex))
        {
            return WorkflowProblems.From(ex);
        }

        return await ViewAsync(caller, (await FindAsync(caller, state.Case.Id.ToString(), cancellationToken)).Value, cancellationToken);
    }

    public async Task<Result<CaseApologyView>> IssueAsync(Caller caller, string idOrCode, IssueApologyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var found = await FindAsync(caller, idOrCode, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem!;
        }

        var state = found.Value;
        if (!caller.MayActIn(state.Case.AgencyId))
        {
            return Problem.Forbidden("Problem_ApologyOtherAgency", state.Code);
        }

        if (!caller.Roles.Contains(IsoRoles.Leader, StringComparer.Ordinal))
        {
            return Problem.Forbidden("Problem_ApologyLeadersOnly", state.Code);
        }

        if (state.Lateness == Lateness.Finished)
        {
            return Problem.Conflict("Problem_CaseNotRunning", state.Code);
        }

        if (state.Pending is null)
        {
            return Problem.Conflict("Problem_ApologyNoDraft", state.Code);
        }

        try
        {
            await runtime.IssueApologyAsync(new IssueApologyCommand(state.Case.Id, caller.ToWorkflowActor(), request.ApologyId), cancellationToken);
        }
        catch (Exception ex) when (WorkflowProblems.IsEngineError(ex))
        {
            return WorkflowProblems.From(ex);
        }

        return await ViewAsync(caller, (await FindAsync(caller, state.Case.Id.ToString(), cancellationToken)).Value, cancellationToken);
    }

    /// <summary>The appointment the applicant holds now: the latest issued apology's new date, else the case's due moment.</summary>
    public static DateTimeOffset? AppointmentOf(WorkflowCaseRecord workflowCase, IEnumerable<WorkflowApologyRecord> apologies)
    {
        ArgumentNullException.ThrowIfNull(workflowCase);
        var latest = apologies.Where(a => a.IssuedAt is not null).OrderByDescending(a => a.IssuedAt).FirstOrDefault();
        return latest?.NewAppointmentAt ?? workflowCase.DueAt;
    }

    private sealed record CaseState(
        WorkflowCaseRecord Case,
        string Code,
        IReadOnlyList<WorkflowTaskRecord> Tasks,
        IReadOnlyList<WorkflowApologyRecord> Apologies,
        WorkflowApologyRecord? Pending,
        DateTimeOffset? Appointment,
        string Lateness);

    private async Task<Result<CaseState>> FindAsync(Caller caller, string idOrCode, CancellationToken cancellationToken)
    {
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        var id = await codes.ResolveAsync(idOrCode, cancellationToken);
        var workflowCase = id is { } caseId ? await store.FindCaseAsync(caseId, cancellationToken) : null;
        if (workflowCase is null || !caller.MayRead(workflowCase.AgencyId))
        {
            return Problem.NotFound("Problem_CaseCodeNotFound", idOrCode);
        }

        var tasks = await store.GetTasksOfCaseAsync(workflowCase.Id, cancellationToken);
        var apologies = await store.GetApologiesAsync(workflowCase.Id, cancellationToken);
        var appointment = AppointmentOf(workflowCase, apologies);
        return new CaseState(
            workflowCase,
            workflowCase.Code ?? workflowCase.Id.ToString(),
            tasks,
            apologies,
            ApologyActions.Pending(apologies),
            appointment,
            Lateness.Of(workflowCase, tasks, appointment, clock.GetUtcNow()));
    }

    /// <summary>The handling officer (assignee or candidate of an open step), the quality officer or a leader of the agency.</summary>
    private static bool MayDraft(Caller caller, CaseState state) =>
        caller.MayActIn(state.Case.AgencyId)
        && (caller.Roles.Contains(IsoRoles.Leader, StringComparer.Ordinal)
            || caller.Roles.Contains(IsoRoles.QualityOfficer, StringComparer.Ordinal)
            || state.Tasks.Any(t => t.Status == WorkflowTaskStatus.Open
                && (t.AssigneeId == caller.UserId
                    || (t.AssigneeId is null && caller.Roles.Contains(t.CandidateRole, StringComparer.Ordinal)
                        && (t.CandidateUnitCode is null || caller.UnitCodes.Contains(t.CandidateUnitCode, StringComparer.Ordinal))))));

    /// <summary>The reason and extension the procedure's <c>onCaseOverdue</c> apology names (else the engine's defaults); the
    /// new date counted in working time from now, and never before an open step's own due moment.</summary>
    private async Task<ApologyProposal> ProposeAsync(CaseState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var procedure = await procedures.OfCaseAsync(state.Case, cancellationToken);
        var overdue = procedure?.Definition.OnCaseOverdue is { Action: "apology.issue" } call ? call.Parameters : null;
        var extension = Number(overdue, "workingHours") is { } hours && hours > 0 ? WorkingDuration.FromHours(hours)
            : Number(overdue, "workingDays") is { } days && days > 0 ? WorkingDuration.FromDays(days)
            : WorkingDuration.FromDays(ApologyIssueActionHandler.DefaultExtensionDays);
        var newDate = calendar.AddWorkingTime(now, extension);
        var latestStep = state.Tasks.Where(t => t.Status == WorkflowTaskStatus.Open && t.DueAt > newDate).Max(t => t.DueAt);
        var reason = overdue is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String
            ? r.GetString()! : ApologyActions.DefaultReason;
        return new ApologyProposal(reason, latestStep ?? newDate);
    }

    private static decimal? Number(JsonElement? parameters, string name) =>
        parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    private async Task<CaseApologyView> ViewAsync(Caller caller, CaseState state, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = state.Apologies.SelectMany(a => new[] { a.DraftedById, a.IssuedById }).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, cancellationToken);
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == state.Case.AgencyId)
            .Select(a => new { a.Name, Parent = a.Parent == null ? null : a.Parent.Name }).SingleAsync(cancellationToken);
        var applicant = await db.CaseReceptions.AsNoTracking().Where(r => r.CaseId == state.Case.Id)
            .Select(r => new { r.ApplicantName, r.ApplicantAddress }).SingleOrDefaultAsync(cancellationToken);
        var procedure = await procedures.OfCaseAsync(state.Case, cancellationToken);
        var mayAct = caller.MayActIn(state.Case.AgencyId) && state.Lateness != Lateness.Finished;

        ApologyLetterView Letter(WorkflowApologyRecord a) => new(
            a.Id,
            a.IssuedAt is not null ? "issued" : a.Id == state.Pending?.Id ? "draft" : "superseded",
            a.Reason,
            a.OriginalDueAt,
            a.NewAppointmentAt,
            a.DraftedAt,
            a.DraftedById is { } d ? names.GetValueOrDefault(d) : null,
            a.IssuedAt,
            a.IssuedById is { } i ? names.GetValueOrDefault(i) : null,
            a.FormVersion ?? options.Value.ReceiptFormVersion);

        var mayDraft = mayAct && MayDraft(caller, state) && (state.Pending is not null || Lateness.NeedsApology(state.Lateness));
        return new CaseApologyView(
            state.Case.Id,
            state.Code,
            state.Lateness,
            state.Case.DueAt,
            state.Appointment,
            state.Pending is { } pending ? Letter(pending) : null,
            [.. state.Apologies.Where(a => a.IssuedAt is not null).OrderBy(a => a.IssuedAt).Select(Letter)],
            state.Pending is null && Lateness.NeedsApology(state.Lateness) ? await ProposeAsync(state, clock.GetUtcNow(), cancellationToken) : null,
            mayDraft,
            mayAct && state.Pending is not null && caller.Roles.Contains(IsoRoles.Leader, StringComparer.Ordinal),
            procedure?.Definition.Name ?? state.Case.DefinitionKey,
            agency.Name,
            agency.Parent,
            applicant?.ApplicantName,
            applicant?.ApplicantAddress,
            state.Case.ReceivedAt);
    }
}
