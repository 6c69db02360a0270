using Iso.Data.Workflows.Sql;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Workflows;

/// <summary>The engine's case store on the product database. Commands (units of work) take the SQL path of
/// <see cref="CaseDatabase"/> (ADR 0005); queries for screens and reports use EF Core.</summary>
internal sealed class DatabaseWorkflowStore(IDbContextFactory<IsoDbContext> contextFactory, CaseDatabase caseDatabase) : IWorkflowStore
{
    public Task<IWorkflowUnitOfWork> BeginAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IWorkflowUnitOfWork>(new SqlUnitOfWork(caseDatabase));

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
}
