using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Documents.FollowUp;

/// <summary>A task on a document (periodic review or revision after a legal change), as the "Việc tài liệu" list shows it.</summary>
public sealed record DocumentTaskView(
    Guid Id,
    Guid DocumentId,
    string Code,
    string Title,
    DocumentTaskKind Kind,
    DateOnly DueOn,
    bool Overdue,
    Guid? AssigneeId,
    string? AssigneeName,
    DocumentTaskStatus Status,
    string? Comment,
    DateTimeOffset? ClosedAt,
    string? ClosedByName,
    Guid? RevisionVersionId,
    LegalChangeView? LegalChange);

/// <summary>The legal change behind a task or recorded on an external document.</summary>
public sealed record LegalChangeView(
    Guid Id, Guid ExternalDocumentId, string ExternalCode, string ExternalTitle, LegalChangeKind Kind, DateOnly ChangedOn, Guid? NewDocumentId,
    string? NewDocumentCode, string? Note, string? RecordedByName, DateTimeOffset RecordedAt);

/// <summary>A periodic review coming up (the owner was reminded).</summary>
public sealed record ReviewReminderView(Guid DocumentId, string Code, string Title, DateOnly DueOn, Guid? UserId);

public sealed record DocumentTasksView(IReadOnlyList<DocumentTaskView> Tasks, IReadOnlyList<ReviewReminderView> Reminders);

/// <summary>Filters of the task list: an agency (cross-agency readers), closed ones too, only the caller's.</summary>
public sealed record ListDocumentTasksRequest(Guid? AgencyId = null, bool IncludeClosed = false, bool MineOnly = false);

/// <summary>How a task ends: <c>no-change</c> (a comment is required; a periodic review then counts from today) or
/// <c>revise</c> (a revision draft is begun, with <see cref="ChangeSummary"/> or else the comment as its summary).</summary>
public sealed record CloseDocumentTaskRequest(string? Outcome, string? Comment, string? ChangeSummary = null);

public sealed record DocumentTaskClosed(Guid TaskId, Guid DocumentId, DocumentTaskStatus Status, Guid? RevisionVersionId, DateOnly? NextReviewOn);

/// <summary>The caller's document work for the bell: acknowledgements to give, tasks to do, reviews coming up.</summary>
public sealed record DocumentWorkCount(int Acknowledgements, int Tasks, int Reminders)
{
    public int Total => Acknowledgements + Tasks + Reminders;
}

/// <summary>
/// "Việc tài liệu": periodic reviews and revisions after legal changes. Quality officers of the agency see and close
/// them (any of them, not only the assignee: the owner may be away); leaders read them; auditors read across agencies
/// and never act. A task ends in "no change" (recorded with a comment) or in a revision draft.
/// </summary>
public sealed class DocumentTasks(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    ReviseDocument revise,
    IOptions<DocumentOptions> options,
    DocumentAcknowledgements acknowledgements,
    TimeProvider clock,
    CaseClock zone)
{
    public const string OutcomeNoChange = "no-change";
    public const string OutcomeRevise = "revise";
    public const int CommentLength = 2000;

    public async Task<Result<DocumentTasksView>> ListAsync(Caller caller, ListDocumentTasksRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var agency = request.AgencyId ?? caller.AgencyId;
        if (!caller.MayRead(agency))
        {
            return Problem.Forbidden("Problem_AgencyForbidden");
        }

        if (!await ReadsTasksAsync(caller))
        {
            return Problem.Forbidden("Problem_DocumentTasksForbidden");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.DocumentTasks.AsNoTracking().Where(t => t.AgencyId == agency);
        if (!request.IncludeClosed)
        {
            query = query.Where(t => t.Status == DocumentTaskStatus.Open);
        }

        if (request.MineOnly)
        {
            var me = caller.UserId;
            query = query.Where(t => t.AssigneeId == me || t.AssigneeId == null);
        }

        var tasks = await ViewsAsync(db, query.OrderBy(t => t.Status).ThenBy(t => t.DueOn).Take(500), cancellationToken);
        var today = DocumentDay.Today(clock, zone);
        var reminders = await db.DocumentReviewReminders.AsNoTracking()
            .Where(r => r.AgencyId == agency && r.DueOn > today)
            .Where(r => !request.MineOnly || r.UserId == caller.UserId)
            .Join(db.Documents, r => r.DocumentId, d => d.Id, (r, d) => new { r, d })
            .Where(x => x.d.ObsoletedAt == null)
            .OrderBy(x => x.r.DueOn)
            .Select(x => new ReviewReminderView(x.d.Id, x.d.Code, x.d.Title, x.r.DueOn, x.r.UserId))
            .Take(200)
            .ToListAsync(cancellationToken);
        return new DocumentTasksView(tasks, reminders);
    }

    /// <summary>The open tasks of one document (its page shows them, with legal-change flags).</summary>
    internal async Task<IReadOnlyList<DocumentTaskView>> OfDocumentAsync(IsoDbContext db, Guid documentId, CancellationToken cancellationToken) =>
        await ViewsAsync(db, db.DocumentTasks.AsNoTracking().Where(t => t.DocumentId == documentId && t.Status == DocumentTaskStatus.Open).OrderBy(t => t.DueOn), cancellationToken);

    public async Task<Result<DocumentTaskClosed>> CloseAsync(Caller caller, Guid taskId, CloseDocumentTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await db.DocumentTasks.SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || !caller.MayRead(task.AgencyId))
        {
            return Problem.NotFound("Problem_DocumentTaskNotFound", taskId);
        }

        if (!caller.MayActIn(task.AgencyId))
        {
            return Problem.Forbidden("Problem_DocumentOfAnotherAgency");
        }

        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return Problem.Forbidden("Problem_AuthorDocumentsForbidden");
        }

        var outcome = request.Outcome?.Trim().ToLowerInvariant();
        var validation = new Validation().Text("comment", request.Comment, CommentLength);
        if (outcome is not (OutcomeNoChange or OutcomeRevise))
        {
            validation.Add("outcome", "Validation_OneOf", $"{OutcomeNoChange}, {OutcomeRevise}");
        }
        else if (outcome == OutcomeNoChange)
        {
            validation.Required("comment", request.Comment, CommentLength);
        }

        if (validation.Problem is { } invalid)
        {
            return invalid;
        }

        if (task.Status != DocumentTaskStatus.Open)
        {
            return Problem.Conflict("Problem_DocumentTaskClosed");
        }

        var document = await db.Documents.Include(d => d.Versions).SingleAsync(d => d.Id == task.DocumentId, cancellationToken);
        var printedName = await db.Users.Where(u => u.Id == caller.UserId).Select(u => u.FullName).SingleAsync(cancellationToken);
        var now = clock.GetUtcNow();
        DateOnly? nextReview = null;
        if (outcome == OutcomeNoChange)
        {
            task.Status = DocumentTaskStatus.NoChange;
            if (task.Kind == DocumentTaskKind.PeriodicReview)
            {
                var today = DocumentDay.Today(clock, zone);
                document.LastReviewedOn = today;
                nextReview = options.Value.ReviewMonthsOf(document) is { } months ? today.AddMonths(months) : null;
            }
        }
        else
        {
            // A revision already being written is the answer; otherwise one is begun now.
            var draftId = document.Working()?.Id;
            if (draftId is null)
            {
                var summary = Validation.IsBlank(request.ChangeSummary) ? request.Comment : request.ChangeSummary;
                var begun = await revise.HandleAsync(caller, document.Id, new ReviseDocumentRequest(summary), cancellationToken);
                if (begun.Problem is { } refused)
                {
                    return refused;
                }

                draftId = begun.Value.VersionId;
            }

            task.Status = DocumentTaskStatus.Revised;
            task.RevisionVersionId = draftId;
        }

        task.Comment = Validation.IsBlank(request.Comment) ? null : request.Comment!.Trim();
        task.ClosedAt = now;
        task.ClosedById = caller.UserId;
        task.ClosedByName = printedName;
        await db.SaveChangesAsync(cancellationToken);
        return new DocumentTaskClosed(task.Id, task.DocumentId, task.Status, task.RevisionVersionId, nextReview);
    }

    /// <summary>The caller's pending document work (the bell): acknowledgements, open tasks for them (quality officers:
    /// theirs and unassigned ones), and reviews they were reminded of.</summary>
    public async Task<DocumentWorkCount> CountMineAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return new DocumentWorkCount(0, 0, 0);
        }

        var acks = await acknowledgements.CountMineAsync(caller, cancellationToken);
        if (!await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments))
        {
            return new DocumentWorkCount(acks, 0, 0);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var me = caller.UserId;
        var agency = caller.AgencyId;
        var today = DocumentDay.Today(clock, zone);
        var tasks = await db.DocumentTasks.CountAsync(
            t => t.AgencyId == agency && t.Status == DocumentTaskStatus.Open && (t.AssigneeId == me || t.AssigneeId == null), cancellationToken);
        var reminders = await db.DocumentReviewReminders.CountAsync(r => r.AgencyId == agency && r.UserId == me && r.DueOn > today, cancellationToken);
        return new DocumentWorkCount(acks, tasks, reminders);
    }

    private async Task<bool> ReadsTasksAsync(Caller caller) =>
        caller.MayReadAcrossAgencies
        || await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments)
        || await authorization.AllowsAsync(caller, IsoPolicies.Approve);

    private async Task<IReadOnlyList<DocumentTaskView>> ViewsAsync(IsoDbContext db, IQueryable<DocumentTask> query, CancellationToken cancellationToken)
    {
        var today = DocumentDay.Today(clock, zone);
        var rows = await query
            .Join(db.Documents, t => t.DocumentId, d => d.Id, (t, d) => new { t, d.Code, d.Title })
            .ToListAsync(cancellationToken);
        var people = rows.Where(r => r.t.AssigneeId is not null).Select(r => r.t.AssigneeId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, cancellationToken);
        var changeIds = rows.Where(r => r.t.LegalChangeId is not null).Select(r => r.t.LegalChangeId!.Value).Distinct().ToList();
        var changes = await LegalChanges.ViewsAsync(db, db.DocumentLegalChanges.AsNoTracking().Where(c => changeIds.Contains(c.Id)), cancellationToken);
        return [.. rows.Select(r => new DocumentTaskView(
            r.t.Id, r.t.DocumentId, r.Code, r.Title, r.t.Kind, r.t.DueOn, r.t.Status == DocumentTaskStatus.Open && r.t.DueOn < today,
            r.t.AssigneeId, r.t.AssigneeId is { } a && names.TryGetValue(a, out var n) ? n : null,
            r.t.Status, r.t.Comment, r.t.ClosedAt, r.t.ClosedByName, r.t.RevisionVersionId,
            r.t.LegalChangeId is { } c ? changes.FirstOrDefault(x => x.Id == c) : null))];
    }
}
