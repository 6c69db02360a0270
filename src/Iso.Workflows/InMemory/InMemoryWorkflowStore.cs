using Iso.Workflows.Persistence;

namespace Iso.Workflows.InMemory;

/// <summary>
/// A thread-safe in-memory <see cref="IWorkflowStore"/> with the same semantics as the database: a unit of work
/// reads copies, stages changes and commits them all at once after checking that no case it changed was changed
/// by someone else (case version), or stores nothing.
/// </summary>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, WorkflowCaseRecord> _cases = [];
    private readonly Dictionary<Guid, WorkflowTaskRecord> _tasks = [];
    private readonly Dictionary<Guid, List<Guid>> _tasksByCase = [];
    private readonly Dictionary<Guid, WorkflowTimerRecord> _timers = [];
    private readonly Dictionary<Guid, List<Guid>> _pendingTimersByCase = [];
    private readonly SortedSet<(DateTimeOffset DueAt, Guid Id)> _pendingByDue = [];
    private readonly Dictionary<Guid, List<WorkflowJournalEntry>> _journal = [];
    private readonly Dictionary<Guid, List<WorkflowNotificationRecord>> _notifications = [];
    private readonly Dictionary<Guid, List<WorkflowApologyRecord>> _apologies = [];

    public Task<IWorkflowUnitOfWork> BeginAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IWorkflowUnitOfWork>(new UnitOfWork(this));

    public Task<IReadOnlyList<WorkflowTimerRecord>> ClaimDueTimersAsync(string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default)
    {
        var claimed = new List<WorkflowTimerRecord>();
        lock (_gate)
        {
            foreach (var (dueAt, id) in _pendingByDue)
            {
                if (dueAt > now || claimed.Count >= max)
                {
                    break;
                }

                var timer = _timers[id];
                if (timer.LeaseUntil is { } until && until > now)
                {
                    continue;
                }

                timer.LeaseOwner = owner;
                timer.LeaseUntil = now + leaseDuration;
                claimed.Add(timer.Clone());
            }
        }

        return Task.FromResult<IReadOnlyList<WorkflowTimerRecord>>(claimed);
    }

    public Task<WorkflowCaseRecord?> FindCaseAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_cases.TryGetValue(caseId, out var c) ? c.Clone() : null);
        }
    }

    public Task<WorkflowTaskRecord?> FindTaskAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_tasks.TryGetValue(taskId, out var t) ? t.Clone() : null);
        }
    }

    public Task<IReadOnlyList<WorkflowTaskRecord>> GetTasksOfCaseAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WorkflowTaskRecord>>(TasksOf(caseId));
        }
    }

    public Task<IReadOnlyList<WorkflowTaskRecord>> GetInboxAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new List<WorkflowTaskRecord>();
        lock (_gate)
        {
            foreach (var task in _tasks.Values)
            {
                if (task.Status != WorkflowTaskStatus.Open || task.AgencyId != query.AgencyId)
                {
                    continue;
                }

                var mine = task.AssigneeId is { } assignee
                    ? assignee == query.UserId
                    : query.Roles.Contains(task.CandidateRole)
                      && (task.CandidateUnitCode is null || query.UnitCodes.Contains(task.CandidateUnitCode, StringComparer.OrdinalIgnoreCase));
                if (mine)
                {
                    result.Add(task.Clone());
                }
            }
        }

        result.Sort((a, b) => a.DueAt is null && b.DueAt is null ? a.CreatedAt.CompareTo(b.CreatedAt)
            : a.DueAt is null ? 1
            : b.DueAt is null ? -1
            : a.DueAt.Value != b.DueAt.Value ? a.DueAt.Value.CompareTo(b.DueAt.Value)
            : a.CreatedAt.CompareTo(b.CreatedAt));
        if (result.Count > query.Max)
        {
            result.RemoveRange(query.Max, result.Count - query.Max);
        }

        return Task.FromResult<IReadOnlyList<WorkflowTaskRecord>>(result);
    }

    public Task<IReadOnlyList<WorkflowJournalEntry>> GetJournalAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WorkflowJournalEntry>>(
                _journal.TryGetValue(caseId, out var list) ? list.ConvertAll(e => e.Clone()) : []);
        }
    }

    public Task<IReadOnlyList<WorkflowTimerRecord>> GetPendingTimersAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var timers = PendingTimersOf(caseId);
            timers.Sort((a, b) => a.DueAt.CompareTo(b.DueAt));
            return Task.FromResult<IReadOnlyList<WorkflowTimerRecord>>(timers);
        }
    }

    public Task<IReadOnlyList<WorkflowNotificationRecord>> GetNotificationsAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WorkflowNotificationRecord>>(
                _notifications.TryGetValue(caseId, out var list) ? list.ConvertAll(n => n.Clone()) : []);
        }
    }

    public Task<IReadOnlyList<WorkflowApologyRecord>> GetApologiesAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WorkflowApologyRecord>>(
                _apologies.TryGetValue(caseId, out var list) ? list.ConvertAll(a => a.Clone()) : []);
        }
    }

    private List<WorkflowTaskRecord> TasksOf(Guid caseId) =>
        _tasksByCase.TryGetValue(caseId, out var ids) ? ids.ConvertAll(id => _tasks[id].Clone()) : [];

    private List<WorkflowTimerRecord> PendingTimersOf(Guid caseId) =>
        _pendingTimersByCase.TryGetValue(caseId, out var ids) ? ids.ConvertAll(id => _timers[id].Clone()) : [];

    private static List<T> ListOf<T>(Dictionary<Guid, List<T>> map, Guid key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        return list;
    }

    private void PutTimer(WorkflowTimerRecord timer)
    {
        if (_timers.TryGetValue(timer.Id, out var old) && old.Status == TimerStatus.Pending)
        {
            _pendingByDue.Remove((old.DueAt, old.Id));
            ListOf(_pendingTimersByCase, old.CaseId).Remove(old.Id);
            // Leases are set outside units of work; keep the newest lease rather than the loaded copy's.
            timer.LeaseOwner ??= old.LeaseOwner;
            timer.LeaseUntil ??= old.LeaseUntil;
        }

        _timers[timer.Id] = timer;
        if (timer.Status == TimerStatus.Pending)
        {
            _pendingByDue.Add((timer.DueAt, timer.Id));
            ListOf(_pendingTimersByCase, timer.CaseId).Add(timer.Id);
        }
    }

    private sealed class UnitOfWork(InMemoryWorkflowStore store) : IWorkflowUnitOfWork
    {
        private readonly Dictionary<Guid, long> _loadedVersions = [];
        private readonly List<WorkflowCaseRecord> _newCases = [];
        private readonly Dictionary<Guid, WorkflowCaseRecord> _changedCases = [];
        private readonly Dictionary<Guid, WorkflowTaskRecord> _tasks = [];
        private readonly Dictionary<Guid, WorkflowTimerRecord> _timers = [];
        private readonly List<WorkflowJournalEntry> _journal = [];
        private readonly List<WorkflowNotificationRecord> _notifications = [];
        private readonly List<WorkflowApologyRecord> _apologies = [];
        private bool _done;

        public Task<CaseSnapshot?> LoadCaseAsync(Guid caseId, CancellationToken cancellationToken = default)
        {
            lock (store._gate)
            {
                if (!store._cases.TryGetValue(caseId, out var stored))
                {
                    return Task.FromResult<CaseSnapshot?>(null);
                }

                _loadedVersions[caseId] = stored.Version;
                return Task.FromResult<CaseSnapshot?>(new CaseSnapshot(stored.Clone(), store.TasksOf(caseId), store.PendingTimersOf(caseId)));
            }
        }

        public Task<Guid?> FindCaseIdOfTaskAsync(Guid taskId, CancellationToken cancellationToken = default)
        {
            lock (store._gate)
            {
                return Task.FromResult(store._tasks.TryGetValue(taskId, out var t) ? t.CaseId : (Guid?)null);
            }
        }

        public Task<WorkflowTimerRecord?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken = default)
        {
            lock (store._gate)
            {
                return Task.FromResult(store._timers.TryGetValue(timerId, out var t) ? t.Clone() : null);
            }
        }

        public void AddCase(WorkflowCaseRecord workflowCase) => _newCases.Add(workflowCase);

        public void UpdateCase(WorkflowCaseRecord workflowCase)
        {
            if (!_loadedVersions.ContainsKey(workflowCase.Id))
            {
                throw new InvalidOperationException($"Case {workflowCase.Id} was not loaded in this unit of work.");
            }

            _changedCases[workflowCase.Id] = workflowCase;
        }

        public void AddTask(WorkflowTaskRecord task) => _tasks[task.Id] = task;

        public void UpdateTask(WorkflowTaskRecord task) => _tasks[task.Id] = task;

        public void AddTimer(WorkflowTimerRecord timer) => _timers[timer.Id] = timer;

        public void UpdateTimer(WorkflowTimerRecord timer) => _timers[timer.Id] = timer;

        public void AddJournalEntry(WorkflowJournalEntry entry) => _journal.Add(entry);

        public void AddNotification(WorkflowNotificationRecord notification) => _notifications.Add(notification);

        public void AddApology(WorkflowApologyRecord apology) => _apologies.Add(apology);

        public Task CommitAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            lock (store._gate)
            {
                // Check everything first so that a conflict stores nothing.
                foreach (var c in _newCases)
                {
                    if (store._cases.ContainsKey(c.Id))
                    {
                        throw new WorkflowConcurrencyException($"Case {c.Id} already exists.");
                    }
                }

                foreach (var c in _changedCases.Values)
                {
                    if (store._cases[c.Id].Version != _loadedVersions[c.Id])
                    {
                        throw new WorkflowConcurrencyException($"Case {c.Id} was changed by someone else meanwhile.");
                    }
                }

                foreach (var c in _newCases)
                {
                    store._cases[c.Id] = c.Clone();
                }

                foreach (var c in _changedCases.Values)
                {
                    store._cases[c.Id] = c.Clone();
                }

                foreach (var t in _tasks.Values)
                {
                    if (!store._tasks.ContainsKey(t.Id))
                    {
                        ListOf(store._tasksByCase, t.CaseId).Add(t.Id);
                    }

                    store._tasks[t.Id] = t.Clone();
                }

                foreach (var t in _timers.Values)
                {
                    store.PutTimer(t.Clone());
                }

                foreach (var e in _journal)
                {
                    ListOf(store._journal, e.CaseId).Add(e.Clone());
                }

                foreach (var n in _notifications)
                {
                    ListOf(store._notifications, n.CaseId).Add(n.Clone());
                }

                foreach (var a in _apologies)
                {
                    ListOf(store._apologies, a.CaseId).Add(a.Clone());
                }
            }

            _done = true;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _done = true;
            return ValueTask.CompletedTask;
        }
    }
}
