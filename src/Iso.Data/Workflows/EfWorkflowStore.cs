using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Workflows;

/// <summary>The engine's case store on EF Core. A unit of work is one short-lived context: everything the command
/// staged is written by one <c>SaveChanges</c> (one transaction), and the case's <c>Version</c> is the concurrency token.</summary>
public sealed class EfWorkflowStore(IDbContextFactory<IsoDbContext> contextFactory) : IWorkflowStore
{
    public async Task<IWorkflowUnitOfWork> BeginAsync(CancellationToken cancellationToken = default) =>
        new UnitOfWork(await contextFactory.CreateDbContextAsync(cancellationToken));

    public async Task<IReadOnlyList<WorkflowTimerRecord>> ClaimDueTimersAsync(
        string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await TimerLeases.ClaimAsync(db, owner, now, now + leaseDuration, max, cancellationToken);
    }

    public async Task<WorkflowCaseRecord?> FindCaseAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowCaseRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
    }

    public async Task<WorkflowTaskRecord?> FindTaskAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowTaskRecord>> GetTasksOfCaseAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowTaskRecord>().AsNoTracking()
            .Where(t => t.CaseId == caseId)
            .OrderBy(t => t.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowTaskRecord>> GetInboxAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var roles = query.Roles.ToArray();
        var units = query.UnitCodes.ToArray();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowTaskRecord>().AsNoTracking()
            .Where(t => t.AgencyId == query.AgencyId && t.Status == WorkflowTaskStatus.Open
                && (t.AssigneeId == query.UserId
                    || (t.AssigneeId == null && roles.Contains(t.CandidateRole)
                        && (t.CandidateUnitCode == null || units.Contains(t.CandidateUnitCode)))))
            .OrderBy(t => t.DueAt == null)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.CreatedAt)
            .Take(query.Max)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowJournalEntry>> GetJournalAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowJournalEntry>().AsNoTracking()
            .Where(e => e.CaseId == caseId)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowTimerRecord>> GetPendingTimersAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowTimerRecord>().AsNoTracking()
            .Where(t => t.CaseId == caseId && t.Status == TimerStatus.Pending)
            .OrderBy(t => t.DueAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowNotificationRecord>> GetNotificationsAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowNotificationRecord>().AsNoTracking()
            .Where(n => n.CaseId == caseId)
            .OrderBy(n => n.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowApologyRecord>> GetApologiesAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowApologyRecord>().AsNoTracking()
            .Where(a => a.CaseId == caseId)
            .OrderBy(a => a.IssuedAt)
            .ToListAsync(cancellationToken);
    }

    private sealed class UnitOfWork(IsoDbContext db) : IWorkflowUnitOfWork
    {
        public async Task<CaseSnapshot?> LoadCaseAsync(Guid caseId, CancellationToken cancellationToken = default)
        {
            var workflowCase = await db.Set<WorkflowCaseRecord>().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
            if (workflowCase is null)
            {
                return null;
            }

            var tasks = await db.Set<WorkflowTaskRecord>().Where(t => t.CaseId == caseId).OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
            var timers = await db.Set<WorkflowTimerRecord>()
                .Where(t => t.CaseId == caseId && t.Status == TimerStatus.Pending)
                .ToListAsync(cancellationToken);
            return new CaseSnapshot(workflowCase, tasks, timers);
        }

        public async Task<Guid?> FindCaseIdOfTaskAsync(Guid taskId, CancellationToken cancellationToken = default) =>
            await db.Set<WorkflowTaskRecord>().Where(t => t.Id == taskId).Select(t => (Guid?)t.CaseId).FirstOrDefaultAsync(cancellationToken);

        public async Task<WorkflowTimerRecord?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken = default) =>
            await db.Set<WorkflowTimerRecord>().FirstOrDefaultAsync(t => t.Id == timerId, cancellationToken);

        public void AddCase(WorkflowCaseRecord workflowCase) => db.Add(workflowCase);

        public void UpdateCase(WorkflowCaseRecord workflowCase)
        {
            // The loaded (tracked) entity carries the original Version that the UPDATE's WHERE clause checks.
            if (db.Entry(workflowCase).State == EntityState.Detached)
            {
                throw new InvalidOperationException($"Case {workflowCase.Id} was not loaded in this unit of work.");
            }
        }

        public void AddTask(WorkflowTaskRecord task) => db.Add(task);

        public void UpdateTask(WorkflowTaskRecord task) => Track(task);

        public void AddTimer(WorkflowTimerRecord timer) => db.Add(timer);

        public void UpdateTimer(WorkflowTimerRecord timer) => Track(timer);

        public void AddJournalEntry(WorkflowJournalEntry entry) => db.Add(entry);

        public void AddNotification(WorkflowNotificationRecord notification) => db.Add(notification);

        public void AddApology(WorkflowApologyRecord apology) => db.Add(apology);

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException e)
            {
                throw new WorkflowConcurrencyException("The case was changed by someone else meanwhile.", e);
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                // A case id or a journal sequence that another command stored first: the same race, seen from an insert.
                throw new WorkflowConcurrencyException("Another command stored the same case or journal entry first.", e);
            }
        }

        public ValueTask DisposeAsync() => db.DisposeAsync();

        private void Track<T>(T entity)
            where T : class
        {
            if (db.Entry(entity).State == EntityState.Detached)
            {
                db.Update(entity);
            }
        }
    }
}
