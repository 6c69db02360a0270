using System.Collections.Concurrent;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.InMemory;

/// <summary>
/// A thread-safe in-memory <see cref="IWorkflowStore"/> with the same semantics as the database: a unit of work
/// reads copies, stages changes and commits them all at once after checking that no case it changed was changed
/// by someone else (case version), or stores nothing. Each case has its own lock, so commands on different cases
/// never wait for each other; only the due-timer index is shared.
/// </summary>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly ConcurrentDictionary<Guid, CaseSlot> _cases = new();
    private readonly ConcurrentDictionary<Guid, Guid> _caseOfTask = new();
    private readonly Lock _timerGate = new();
    private readonly Dictionary<Guid, WorkflowTimerRecord> _pendingTimers = [];
    private readonly SortedSet<(DateTimeOffset DueAt, Guid Id)> _pendingByDue = [];

    public Task<IWorkflowUnitOfWork> BeginAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IWorkflowUnitOfWork>(new UnitOfWork(this));

    public Task<IReadOnlyList<WorkflowTimerRecord>> ClaimDueTimersAsync(string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default)
    {
        var claimed = new List<WorkflowTimerRecord>();
        lock (_timerGate)
        {
            foreach (var (dueAt, id) in _pendingByDue)
            {
                if (dueAt > now || claimed.Count >= max)
                {
                    break;
                }

                var timer = _pendingTimers[id];
                if (timer.FaultedAt is not null || timer.RetryAt > now || (timer.LeaseUntil is { } until && until > now))
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

    public Task<WorkflowCaseRecord?> FindCaseAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(caseId, slot => slot.Case.Clone()));

    public Task<WorkflowTaskRecord?> FindTaskAsync(Guid taskId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_caseOfTask.TryGetValue(taskId, out var caseId)
            ? Read(caseId, slot => slot.Tasks.Find(t => t.Id == taskId)?.Clone())
            : null);

    public Task<IReadOnlyList<WorkflowTaskRecord>> GetTasksOfCaseAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkflowTaskRecord>>(Read(caseId, slot => slot.Tasks.ConvertAll(t => t.Clone())) ?? []);

    public Task<IReadOnlyList<WorkflowTaskRecord>> GetInboxAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new List<WorkflowTaskRecord>();
        foreach (var slot in _cases.Values)
        {
            if (slot.Case.AgencyId != query.AgencyId)
            {
                continue;
            }

            lock (slot.Gate)
            {
                foreach (var task in slot.Tasks)
                {
                    if (task.Status != WorkflowTaskStatus.Open)
                    {
                        continue;
                    }

                    var mine = task.AssigneeId is { } assignee
                        ? assignee == query.UserId
                        : query.Roles.Contains(task.CandidateRole)
                          && (task.CandidateUnitCode is null || query.UnitCodes.Contains(task.CandidateUnitCode, StringComparer.Ordinal));
                    if (mine)
                    {
                        result.Add(task.Clone());
                    }
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

    public Task<IReadOnlyList<WorkflowJournalEntry>> GetJournalAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkflowJournalEntry>>(Read(caseId, slot => slot.Journal.ConvertAll(e => e.Clone())) ?? []);

    public Task<IReadOnlyList<WorkflowTimerRecord>> GetPendingTimersAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        var timers = Read(caseId, slot => slot.PendingTimers.ConvertAll(t => t.Clone())) ?? [];
        timers.Sort((a, b) => a.DueAt.CompareTo(b.DueAt));
        return Task.FromResult<IReadOnlyList<WorkflowTimerRecord>>(timers);
    }

    public Task<IReadOnlyList<WorkflowNotificationRecord>> GetNotificationsAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkflowNotificationRecord>>(Read(caseId, slot => slot.Notifications.ConvertAll(n => n.Clone())) ?? []);

    public Task<IReadOnlyList<WorkflowApologyRecord>> GetApologiesAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkflowApologyRecord>>(Read(caseId, slot => slot.Apologies.ConvertAll(a => a.Clone())) ?? []);

    private T? Read<T>(Guid caseId, Func<CaseSlot, T?> read)
        where T : class
    {
        if (!_cases.TryGetValue(caseId, out var slot))
        {
            return null;
        }

        lock (slot.Gate)
        {
            return read(slot);
        }
    }

    /// <summary>Everything stored for one case, guarded by <see cref="Gate"/>.</summary>
    private sealed class CaseSlot(WorkflowCaseRecord workflowCase)
    {
        public Lock Gate { get; } = new();

        public WorkflowCaseRecord Case { get; set; } = workflowCase;

        public List<WorkflowTaskRecord> Tasks { get; } = [];

        public List<WorkflowTimerRecord> PendingTimers { get; } = [];

        public List<WorkflowJournalEntry> Journal { get; } = [];

        public List<WorkflowNotificationRecord> Notifications { get; } = [];

        public List<WorkflowApologyRecord> Apologies { get; } = [];

        public List<WorkflowEffectRecord> Effects { get; } = [];
    }

    private sealed class UnitOfWork(InMemoryWorkflowStore store) : IWorkflowUnitOfWork
    {
        private readonly Dictionary<Guid, long> _loadedVersions = [];
        private readonly List<WorkflowCaseRecord> _newCases = [];
        private readonly Dictionary<Guid, WorkflowCaseRecord> _changedCases = [];
        private readonly Dictionary<Guid, WorkflowTaskRecord> _tasks = [];
        private readonly Dictionary<Guid, WorkflowTimerRecord> _timers = [];
        private readonly List<WorkflowJournalEntry> _journal = [];
        private List<WorkflowNotificationRecord>? _notifications;
        private List<WorkflowApologyRecord>? _apologies;
        private List<WorkflowApologyRecord>? _changedApologies;
        private List<WorkflowEffectRecord>? _effects;
        private bool _done;

        public Task<CaseSnapshot?> LoadCaseAsync(Guid caseId, CancellationToken cancellationToken = default)
        {
            if (!store._cases.TryGetValue(caseId, out var slot))
            {
                return Task.FromResult<CaseSnapshot?>(null);
            }

            lock (slot.Gate)
            {
                _loadedVersions[caseId] = slot.Case.Version;
                return Task.FromResult<CaseSnapshot?>(new CaseSnapshot(
                    slot.Case.Clone(), slot.Tasks.ConvertAll(t => t.Clone()), slot.PendingTimers.ConvertAll(t => t.Clone())));
            }
        }

        public Task<CaseSnapshot?> LoadCaseOfTaskAsync(Guid taskId, CancellationToken cancellationToken = default) =>
            store._caseOfTask.TryGetValue(taskId, out var caseId) ? LoadCaseAsync(caseId, cancellationToken) : Task.FromResult<CaseSnapshot?>(null);

        public Task<WorkflowTimerRecord?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken = default)
        {
            lock (store._timerGate)
            {
                if (store._pendingTimers.TryGetValue(timerId, out var pending))
                {
                    return Task.FromResult<WorkflowTimerRecord?>(pending.Clone());
                }
            }

            foreach (var slot in store._cases.Values)
            {
                lock (slot.Gate)
                {
                    if (slot.PendingTimers.Find(t => t.Id == timerId) is { } timer)
                    {
                        return Task.FromResult<WorkflowTimerRecord?>(timer.Clone());
                    }
                }
            }

            return Task.FromResult<WorkflowTimerRecord?>(null);
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

        public void AddNotification(WorkflowNotificationRecord notification) => (_notifications ??= []).Add(notification);

        public void AddApology(WorkflowApologyRecord apology) => (_apologies ??= []).Add(apology);

        public void UpdateApology(WorkflowApologyRecord apology) => (_changedApologies ??= []).Add(apology);

        public void AddEffect(WorkflowEffectRecord effect) => (_effects ??= []).Add(effect);

        public Task CommitAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            _done = true;

            // Copies are made before any lock is taken; the engine may keep using its own objects after commit.
            var slots = new List<(CaseSlot Slot, WorkflowCaseRecord? Changed)>(_newCases.Count + _changedCases.Count);
            var created = new List<CaseSlot>(_newCases.Count);
            foreach (var c in _newCases)
            {
                created.Add(new CaseSlot(c.Clone()));
            }

            foreach (var c in _changedCases.Values)
            {
                if (!store._cases.TryGetValue(c.Id, out var slot))
                {
                    throw new WorkflowConcurrencyException($"Case {c.Id} no longer exists.");
                }

                slots.Add((slot, c.Clone()));
            }

            foreach (var slot in created)
            {
                slots.Add((slot, null));
            }

            // Lock every case involved in a fixed order so two commits never wait for each other in a cycle.
            slots.Sort((a, b) => a.Slot.Case.Id.CompareTo(b.Slot.Case.Id));
            var taken = 0;
            try
            {
                foreach (var (slot, _) in slots)
                {
                    slot.Gate.Enter();
                    taken++;
                }

                foreach (var (slot, changed) in slots)
                {
                    if (changed is not null && slot.Case.Version != _loadedVersions[changed.Id])
                    {
                        throw new WorkflowConcurrencyException($"Case {changed.Id} was changed by someone else meanwhile.");
                    }
                }

                foreach (var slot in created)
                {
                    if (!store._cases.TryAdd(slot.Case.Id, slot))
                    {
                        foreach (var added in created)
                        {
                            if (ReferenceEquals(added, slot))
                            {
                                break;
                            }

                            store._cases.TryRemove(added.Case.Id, out _);
                        }

                        throw new WorkflowConcurrencyException($"Case {slot.Case.Id} already exists.");
                    }
                }

                Apply(slots);
            }
            finally
            {
                for (var i = 0; i < taken; i++)
                {
                    slots[i].Slot.Gate.Exit();
                }
            }

            return Task.CompletedTask;
        }

        private void Apply(List<(CaseSlot Slot, WorkflowCaseRecord? Changed)> slots)
        {
            CaseSlot SlotOf(Guid caseId)
            {
                foreach (var (slot, _) in slots)
                {
                    if (slot.Case.Id == caseId)
                    {
                        return slot;
                    }
                }

                throw new InvalidOperationException($"Case {caseId} was changed without being updated in this unit of work.");
            }

            foreach (var (slot, changed) in slots)
            {
                if (changed is not null)
                {
                    slot.Case = changed;
                }
            }

            foreach (var t in _tasks.Values)
            {
                var slot = SlotOf(t.CaseId);
                var copy = t.Clone();
                var index = IndexOf(slot.Tasks, t.Id);
                if (index >= 0)
                {
                    slot.Tasks[index] = copy;
                }
                else
                {
                    slot.Tasks.Add(copy);
                    store._caseOfTask[t.Id] = t.CaseId;
                }
            }

            if (_timers.Count > 0)
            {
                lock (store._timerGate)
                {
                    foreach (var t in _timers.Values)
                    {
                        var slot = SlotOf(t.CaseId);
                        var copy = t.Clone();
                        var index = slot.PendingTimers.FindIndex(x => x.Id == t.Id);
                        if (index >= 0)
                        {
                            slot.PendingTimers.RemoveAt(index);
                        }

                        if (store._pendingTimers.Remove(t.Id, out var old))
                        {
                            store._pendingByDue.Remove((old.DueAt, old.Id));

                            // Leases are taken outside units of work; keep the newest lease, not the loaded copy's,
                            // unless the command recorded a failed attempt, which gives the lease back (as the SQL store does).
                            if (copy.Attempts == old.Attempts)
                            {
                                copy.LeaseOwner = old.LeaseOwner;
                                copy.LeaseUntil = old.LeaseUntil;
                            }
                        }

                        if (copy.Status == TimerStatus.Pending)
                        {
                            slot.PendingTimers.Add(copy);
                            store._pendingTimers[copy.Id] = copy;
                            store._pendingByDue.Add((copy.DueAt, copy.Id));
                        }
                    }
                }
            }

            foreach (var e in _journal)
            {
                SlotOf(e.CaseId).Journal.Add(e.Clone());
            }

            if (_notifications is not null)
            {
                foreach (var n in _notifications)
                {
                    SlotOf(n.CaseId).Notifications.Add(n.Clone());
                }
            }

            if (_apologies is not null)
            {
                foreach (var a in _apologies)
                {
                    SlotOf(a.CaseId).Apologies.Add(a.Clone());
                }
            }

            if (_changedApologies is not null)
            {
                foreach (var a in _changedApologies)
                {
                    var stored = SlotOf(a.CaseId).Apologies;
                    var index = stored.FindIndex(s => s.Id == a.Id);
                    if (index >= 0)
                    {
                        stored[index] = a.Clone();
                    }
                }
            }

            if (_effects is not null)
            {
                foreach (var e in _effects)
                {
                    SlotOf(e.CaseId).Effects.Add(e.Clone());
                }
            }
        }

        private static int IndexOf(List<WorkflowTaskRecord> tasks, Guid id)
        {
            for (var i = tasks.Count - 1; i >= 0; i--)
            {
                if (tasks[i].Id == id)
                {
                    return i;
                }
            }

            return -1;
        }

        public ValueTask DisposeAsync()
        {
            _done = true;
            return ValueTask.CompletedTask;
        }
    }
}
