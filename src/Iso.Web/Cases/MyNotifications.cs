using System.Linq.Expressions;
using Iso.Data;
using Iso.Data.Cases;
using Iso.Web.Application;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Cases;

/// <summary>One notification as the bell lists it.</summary>
public sealed record NotificationView(Guid Id, string Kind, string Message, Guid CaseId, Guid? TaskId, DateTimeOffset CreatedAt, bool IsRead);

/// <summary>The latest notifications addressed to the caller and how many are unread.</summary>
public sealed record NotificationsView(int Unread, IReadOnlyList<NotificationView> Items);

/// <summary>
/// The engine's notification records addressed to the caller: to them by name, or to their role (and unit) in their
/// agency. Read per person. A "new task" or "returned" item whose task is done or taken by someone else is left out, and
/// so is a pending apology once a leader issued it.
/// </summary>
public sealed class MyNotifications(IDbContextFactory<IsoDbContext> contexts, TimeProvider clock)
{
    public const int Latest = 20;

    public async Task<Result<NotificationsView>> HandleAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var me = caller.UserId;
        var mine = AddressedTo(db, caller);
        var reads = db.Set<NotificationRead>().Where(r => r.UserId == me);
        var unread = await mine.CountAsync(n => !reads.Any(r => r.NotificationId == n.Id), cancellationToken);
        var items = await mine
            .OrderByDescending(n => n.CreatedAt)
            .ThenByDescending(n => n.Id)
            .Take(Latest)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Message, n.CaseId, n.TaskId, n.CreatedAt, reads.Any(r => r.NotificationId == n.Id)))
            .ToListAsync(cancellationToken);
        return new NotificationsView(unread, items);
    }

    /// <summary>Marks the given notifications read for the caller (those not addressed to them are ignored); none: all.</summary>
    public async Task<Result<int>> MarkReadAsync(Caller caller, IReadOnlyCollection<Guid>? ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        if (ids is { Count: > TextLimits.Entries })
        {
            return Problem.Invalid("ids", "Validation_TooMany", TextLimits.Entries, ids.Count);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var me = caller.UserId;
        var reads = db.Set<NotificationRead>().Where(r => r.UserId == me);
        var unread = AddressedTo(db, caller).Where(n => !reads.Any(r => r.NotificationId == n.Id));
        if (ids is { Count: > 0 })
        {
            var wanted = ids.ToArray();
            unread = unread.Where(n => wanted.Contains(n.Id));
        }

        var now = clock.GetUtcNow();
        var newlyRead = await unread.Select(n => n.Id).Take(1000).ToListAsync(cancellationToken);
        db.AddRange(newlyRead.Select(id => new NotificationRead { NotificationId = id, UserId = me, ReadAt = now }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another page of the same person marked some of them meanwhile: read is read.
            return 0;
        }

        return newlyRead.Count;
    }

    /// <summary>Whether a notification the engine just wrote is for the caller (the bell counts it without a query).</summary>
    public static bool IsFor(WorkflowNotificationRecord n, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(caller);
        return n.RecipientUserId is { } user
            ? user == caller.UserId
            : n.AgencyId == caller.AgencyId && n.RecipientRole is { } role && caller.Roles.Contains(role, StringComparer.Ordinal)
              && (n.RecipientUnitCode is null || caller.UnitCodes.Contains(n.RecipientUnitCode, StringComparer.Ordinal));
    }

    private static IQueryable<WorkflowNotificationRecord> AddressedTo(IsoDbContext db, Caller caller)
    {
        var me = caller.UserId;
        var agency = caller.AgencyId;
        var roles = caller.Roles.ToArray();
        var units = caller.UnitCodes.ToArray();
        var openTasks = db.Set<WorkflowTaskRecord>().Where(t => t.Status == WorkflowTaskStatus.Open);
        var issued = db.Set<WorkflowApologyRecord>().Where(a => a.IssuedAt != null);
        return db.Set<WorkflowNotificationRecord>().AsNoTracking()
            .Where(n => n.RecipientUserId == me
                || (n.RecipientUserId == null && n.AgencyId == agency && roles.Contains(n.RecipientRole!)
                    && (n.RecipientUnitCode == null || units.Contains(n.RecipientUnitCode))))
            .Where(StillRelevant(openTasks, me))
            .Where(StillPending(issued));
    }

    /// <summary>A pending apology matters until a leader issued the case's letter.</summary>
    private static Expression<Func<WorkflowNotificationRecord, bool>> StillPending(IQueryable<WorkflowApologyRecord> issued) =>
        n => n.Kind != NotificationKinds.Apology || !issued.Any(a => a.CaseId == n.CaseId && a.IssuedAt >= n.CreatedAt);

    /// <summary>News of a task matters while the task is open and not taken by someone else.</summary>
    private static Expression<Func<WorkflowNotificationRecord, bool>> StillRelevant(IQueryable<WorkflowTaskRecord> openTasks, Guid me) =>
        n => (n.Kind != NotificationKinds.NewTask && n.Kind != NotificationKinds.Returned)
            || openTasks.Any(t => t.Id == n.TaskId && (t.AssigneeId == null || t.AssigneeId == me));
}
