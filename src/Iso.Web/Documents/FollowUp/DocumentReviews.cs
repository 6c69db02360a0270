using Iso.Data;
using Iso.Data.Documents;
using Iso.Data.Identity;
using Iso.Web.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Documents.FollowUp;

/// <summary>What one run of the periodic-review check opened (documents by id).</summary>
public sealed record ReviewCheckResult(IReadOnlyList<Guid> Reminded, IReadOnlyList<Guid> TasksOpened);

/// <summary>
/// Periodic review (issue 11): every document in force has a review period (its own, else its kind's) counted from its
/// effective date or from its last "no change" review, whichever is later. <see cref="DocumentOptions.ReviewReminderDays"/>
/// before that date its owner (the author) is reminded; on that date a review task is opened. Idempotent: a reminder
/// and a task exist at most once per document and due date (unique indexes back this up when two nodes run it).
/// Called by <see cref="DocumentReviewService"/> on a period, and by tests with their own clock.
/// </summary>
public sealed class RunDocumentReviews(
    IDbContextFactory<IsoDbContext> contexts,
    IOptions<DocumentOptions> options,
    TimeProvider clock,
    CaseClock zone)
{
    public async Task<ReviewCheckResult> HandleAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var today = DocumentDay.Today(clock, zone);
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Documents.AsNoTracking()
            .Where(d => d.EffectiveVersionId != null && d.ObsoletedAt == null)
            .Join(db.DocumentVersions, d => d.EffectiveVersionId, v => v.Id, (d, v) => new { Document = d, v.EffectiveOn })
            .ToListAsync(cancellationToken);

        var due = new List<(Document Document, DateOnly DueOn)>();
        foreach (var c in candidates)
        {
            if (settings.ReviewMonthsOf(c.Document) is not { } months || c.EffectiveOn is not { } effectiveOn)
            {
                continue;
            }

            var from = c.Document.LastReviewedOn is { } reviewed && reviewed > effectiveOn ? reviewed : effectiveOn;
            var dueOn = from.AddMonths(months);
            if (today >= dueOn.AddDays(-settings.ReviewReminderDays))
            {
                due.Add((c.Document, dueOn));
            }
        }

        if (due.Count == 0)
        {
            return new ReviewCheckResult([], []);
        }

        var ids = due.Select(d => d.Document.Id).ToList();
        var reminded = (await db.DocumentReviewReminders.AsNoTracking().Where(r => ids.Contains(r.DocumentId))
            .Select(r => new { r.DocumentId, r.DueOn }).ToListAsync(cancellationToken)).Select(r => (r.DocumentId, r.DueOn)).ToHashSet();
        var tasked = (await db.DocumentTasks.AsNoTracking().Where(t => ids.Contains(t.DocumentId) && t.Kind == DocumentTaskKind.PeriodicReview)
            .Select(t => new { t.DocumentId, t.DueOn }).ToListAsync(cancellationToken)).Select(t => (t.DocumentId, t.DueOn)).ToHashSet();
        var owners = await ActiveOwnersAsync(db, due.Select(d => d.Document.CreatedById), cancellationToken);

        var newReminders = new List<Guid>();
        var newTasks = new List<Guid>();
        foreach (var (document, dueOn) in due)
        {
            Guid? owner = owners.Contains(document.CreatedById) ? document.CreatedById : null;
            if (!reminded.Contains((document.Id, dueOn)))
            {
                newReminders.Add(document.Id);
                await SaveOneAsync(new DocumentReviewReminder
                {
                    Id = Guid.CreateVersion7(now),
                    AgencyId = document.AgencyId,
                    DocumentId = document.Id,
                    UserId = owner,
                    DueOn = dueOn,
                    CreatedAt = now,
                }, cancellationToken);
            }

            if (today >= dueOn && !tasked.Contains((document.Id, dueOn)))
            {
                newTasks.Add(document.Id);
                await SaveOneAsync(new DocumentTask
                {
                    Id = Guid.CreateVersion7(now),
                    AgencyId = document.AgencyId,
                    DocumentId = document.Id,
                    Kind = DocumentTaskKind.PeriodicReview,
                    DueOn = dueOn,
                    AssigneeId = owner,
                    CreatedAt = now,
                    Status = DocumentTaskStatus.Open,
                }, cancellationToken);
            }
        }

        return new ReviewCheckResult(newReminders, newTasks);
    }

    /// <summary>Of the given people, those still active (a document's owner who left gets no reminder: any quality
    /// officer of the agency takes the task).</summary>
    internal static async Task<HashSet<Guid>> ActiveOwnersAsync(IsoDbContext db, IEnumerable<Guid> people, CancellationToken cancellationToken)
    {
        var wanted = people.Distinct().ToList();
        return [.. await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(cancellationToken)];
    }

    /// <summary>One row in its own save: another node that opened the same one first (unique index) is not an error.</summary>
    private async Task SaveOneAsync(object row, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Opened meanwhile by another run: once is enough.
        }
    }
}

/// <summary>Runs <see cref="RunDocumentReviews"/> shortly after start and then every
/// <see cref="DocumentOptions.ReviewCheckPeriod"/>; a failed run is logged and tried again at the next tick.</summary>
internal sealed partial class DocumentReviewService(
    IServiceScopeFactory scopes,
    IOptions<DocumentOptions> options,
    TimeProvider clock,
    ILogger<DocumentReviewService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.ReviewCheckPeriod;
        try
        {
            // Not at the very start: the database is being migrated and seeded then.
            await Task.Delay(period < TimeSpan.FromMinutes(1) ? period : TimeSpan.FromMinutes(1), clock, stoppingToken);
            using var timer = new PeriodicTimer(period, clock);
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<RunDocumentReviews>().HandleAsync(stoppingToken);
            if (result.Reminded.Count + result.TasksOpened.Count > 0)
            {
                LogRun(result.Reminded.Count, result.TasksOpened.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document reviews: {Reminders} reminder(s) sent, {Tasks} review task(s) opened.")]
    private partial void LogRun(int reminders, int tasks);

    [LoggerMessage(Level = LogLevel.Error, Message = "Document review check failed; it runs again at the next period.")]
    private partial void LogFailed(Exception exception);
}
