using System.Collections.Concurrent;
using Iso.Data.Workflows.Sql;
using Iso.Workflows.InMemory;
using Iso.Workflows.Persistence;

namespace Iso.Web.Cases.Simulation;

/// <summary>
/// The engine's store for bulk seeding (ADR 0027): a batch of cases is played on the in-memory store (same semantics as
/// the database: units of work, version checks, timers), and every committed row is remembered as the engine left it,
/// so the batch's final rows — including fired and cancelled timers, which the in-memory store forgets — can be stored
/// in the database at once (<see cref="BulkCaseWriter"/>).
/// </summary>
internal sealed class RecordingWorkflowStore : IWorkflowStore
{
    private readonly InMemoryWorkflowStore _inner = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, WorkflowCaseRecord> _cases = [];
    private readonly Dictionary<Guid, WorkflowTaskRecord> _tasks = [];
    private readonly Dictionary<Guid, WorkflowTimerRecord> _timers = [];
    private readonly List<WorkflowJournalEntry> _journal = [];
    private readonly List<WorkflowNotificationRecord> _notifications = [];
    private readonly Dictionary<Guid, WorkflowApologyRecord> _apologies = [];
    private readonly List<WorkflowEffectRecord> _effects = [];

    public async Task<IWorkflowUnitOfWork> BeginAsync(CancellationToken cancellationToken = default) =>
        new Recording(this, await _inner.BeginAsync(cancellationToken));

    public Task<IReadOnlyList<WorkflowTimerRecord>> ClaimDueTimersAsync(string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default) =>
        _inner.ClaimDueTimersAsync(owner, now, leaseDuration, max, cancellationToken);

    public Task<WorkflowCaseRecord?> FindCaseAsync(Guid caseId, CancellationToken cancellationToken = default) => _inner.FindCaseAsync(caseId, cancellationToken);

    public Task<WorkflowTaskRecord?> FindTaskAsync(Guid taskId, CancellationToken cancellationToken = default) => _inner.FindTaskAsync(taskId, cancellationToken);

    public Task<IReadOnlyList<WorkflowTaskRecord>> GetTasksOfCaseAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        _inner.GetTasksOfCaseAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<WorkflowTaskRecord>> GetInboxAsync(InboxQuery query, CancellationToken cancellationToken = default) =>
        _inner.GetInboxAsync(query, cancellationToken);

    public Task<IReadOnlyList<WorkflowJournalEntry>> GetJournalAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        _inner.GetJournalAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<WorkflowTimerRecord>> GetPendingTimersAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        _inner.GetPendingTimersAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<WorkflowNotificationRecord>> GetNotificationsAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        _inner.GetNotificationsAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<WorkflowApologyRecord>> GetApologiesAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        _inner.GetApologiesAsync(caseId, cancellationToken);

    /// <summary>Every row committed so far, as last written (cases before the rows that reference them).</summary>
    public CaseRows Rows()
    {
        lock (_gate)
        {
            var rows = new CaseRows();
            rows.Cases.AddRange(_cases.Values);
            rows.Tasks.AddRange(_tasks.Values);
            rows.Timers.AddRange(_timers.Values);
            rows.Journal.AddRange(_journal);
            rows.Notifications.AddRange(_notifications);
            rows.Apologies.AddRange(_apologies.Values);
            rows.Effects.AddRange(_effects);
            return rows;
        }
    }

    /// <summary>Forwards to the in-memory unit of work and, once it committed, remembers copies of what it wrote.</summary>
    private sealed class Recording(RecordingWorkflowStore store, IWorkflowUnitOfWork inner) : IWorkflowUnitOfWork
    {
        private readonly Dictionary<Guid, WorkflowCaseRecord> _cases = [];
        private readonly Dictionary<Guid, WorkflowTaskRecord> _tasks = [];
        private readonly Dictionary<Guid, WorkflowTimerRecord> _timers = [];
        private readonly List<WorkflowJournalEntry> _journal = [];
        private readonly List<WorkflowNotificationRecord> _notifications = [];
        private readonly Dictionary<Guid, WorkflowApologyRecord> _apologies = [];
        private readonly List<WorkflowEffectRecord> _effects = [];

        public Task<CaseSnapshot?> LoadCaseAsync(Guid caseId, CancellationToken cancellationToken = default) => inner.LoadCaseAsync(caseId, cancellationToken);

        public Task<CaseSnapshot?> LoadCaseOfTaskAsync(Guid taskId, CancellationToken cancellationToken = default) => inner.LoadCaseOfTaskAsync(taskId, cancellationToken);

        public Task<WorkflowTimerRecord?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken = default) => inner.FindTimerAsync(timerId, cancellationToken);

        public void AddCase(WorkflowCaseRecord workflowCase)
        {
            inner.AddCase(workflowCase);
            _cases[workflowCase.Id] = workflowCase;
        }

        public void UpdateCase(WorkflowCaseRecord workflowCase)
        {
            inner.UpdateCase(workflowCase);
            _cases[workflowCase.Id] = workflowCase;
        }

        public void AddTask(WorkflowTaskRecord task)
        {
            inner.AddTask(task);
            _tasks[task.Id] = task;
        }

        public void UpdateTask(WorkflowTaskRecord task)
        {
            inner.UpdateTask(task);
            _tasks[task.Id] = task;
        }

        public void AddTimer(WorkflowTimerRecord timer)
        {
            inner.AddTimer(timer);
            _timers[timer.Id] = timer;
        }

        public void UpdateTimer(WorkflowTimerRecord timer)
        {
            inner.UpdateTimer(timer);
            _timers[timer.Id] = timer;
        }

        public void AddJournalEntry(WorkflowJournalEntry entry)
        {
            inner.AddJournalEntry(entry);
            _journal.Add(entry);
        }

        public void AddNotification(WorkflowNotificationRecord notification)
        {
            inner.AddNotification(notification);
            _notifications.Add(notification);
        }

        public void AddApology(WorkflowApologyRecord apology)
        {
            inner.AddApology(apology);
            _apologies[apology.Id] = apology;
        }

        public void UpdateApology(WorkflowApologyRecord apology)
        {
            inner.UpdateApology(apology);
            _apologies[apology.Id] = apology;
        }

        public void AddEffect(WorkflowEffectRecord effect)
        {
            inner.AddEffect(effect);
            _effects.Add(effect);
        }

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            // Copies now: the engine may keep changing its own objects after the commit.
            var cases = _cases.Values.Select(c => c.Clone()).ToList();
            var tasks = _tasks.Values.Select(t => t.Clone()).ToList();
            var timers = _timers.Values.Select(t => t.Clone()).ToList();
            var journal = _journal.ConvertAll(e => e.Clone());
            var notifications = _notifications.ConvertAll(n => n.Clone());
            var apologies = _apologies.Values.Select(a => a.Clone()).ToList();
            var effects = _effects.ConvertAll(e => e.Clone());
            await inner.CommitAsync(cancellationToken);
            lock (store._gate)
            {
                foreach (var c in cases)
                {
                    store._cases[c.Id] = c;
                }

                foreach (var t in tasks)
                {
                    store._tasks[t.Id] = t;
                }

                foreach (var t in timers)
                {
                    store._timers[t.Id] = t;
                }

                store._journal.AddRange(journal);
                store._notifications.AddRange(notifications);
                foreach (var a in apologies)
                {
                    store._apologies[a.Id] = a;
                }

                store._effects.AddRange(effects);
            }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

/// <summary>Stored definitions read once (a seeding run publishes nothing): the engine looks its procedure up at every
/// command, which on the database is a query each time.</summary>
internal sealed class CachedDefinitionStore(IWorkflowDefinitionStore inner) : IWorkflowDefinitionStore
{
    private readonly ConcurrentDictionary<Guid, Task<StoredDefinition?>> _byId = new();
    private readonly ConcurrentDictionary<(Guid?, string, int), Task<StoredDefinition?>> _byVersion = new();
    private readonly ConcurrentDictionary<(Guid?, string), Task<StoredDefinition?>> _published = new();
    private readonly ConcurrentDictionary<(Guid, string), Task<bool>> _publishedEver = new();

    public Task<StoredDefinition?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        _byId.GetOrAdd(id, i => inner.FindAsync(i, CancellationToken.None));

    public Task<StoredDefinition?> FindAsync(Guid? ownerAgencyId, string key, int version, CancellationToken cancellationToken = default) =>
        _byVersion.GetOrAdd((ownerAgencyId, key, version), k => inner.FindAsync(k.Item1, k.Item2, k.Item3, CancellationToken.None));

    public Task<StoredDefinition?> FindPublishedAsync(Guid? ownerAgencyId, string key, CancellationToken cancellationToken = default) =>
        _published.GetOrAdd((ownerAgencyId, key), k => inner.FindPublishedAsync(k.Item1, k.Item2, CancellationToken.None));

    public Task<bool> HasPublishedEverAsync(Guid ownerAgencyId, string key, CancellationToken cancellationToken = default) =>
        _publishedEver.GetOrAdd((ownerAgencyId, key), k => inner.HasPublishedEverAsync(k.Item1, k.Item2, CancellationToken.None));

    public Task<IReadOnlyList<StoredDefinition>> ListAsync(Guid? ownerAgencyId, CancellationToken cancellationToken = default) =>
        inner.ListAsync(ownerAgencyId, cancellationToken);

    public Task<int> GetLatestVersionNumberAsync(Guid? ownerAgencyId, string key, CancellationToken cancellationToken = default) =>
        inner.GetLatestVersionNumberAsync(ownerAgencyId, key, cancellationToken);

    public Task SaveAsync(IReadOnlyList<StoredDefinition> definitions, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Seeding publishes no procedure.");
}
