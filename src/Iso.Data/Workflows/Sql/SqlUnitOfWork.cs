using Iso.Workflows.Persistence;

namespace Iso.Data.Workflows.Sql;

/// <summary>
/// One command on the SQL path: reads as the command asks (each read on a consistent snapshot, no lock held while
/// the engine works), changes staged in memory, and all of them stored by <see cref="CommitAsync"/> in one
/// transaction, where each changed case's version is checked.
/// </summary>
internal sealed class SqlUnitOfWork(CaseDatabase database) : IWorkflowUnitOfWork
{
    private readonly StagedChanges _changes = new();
    private readonly Dictionary<Guid, long> _loadedVersions = [];
    private bool _committed;

    // Three SELECTs in one read transaction: the case row, its tasks and its timers as of the same moment.
    public Task<CaseSnapshot?> LoadCaseAsync(Guid caseId, CancellationToken cancellationToken = default) =>
        LoadSnapshotAsync(session => session.LoadCaseSnapshotAsync(caseId, cancellationToken), cancellationToken);

    public Task<CaseSnapshot?> LoadCaseOfTaskAsync(Guid taskId, CancellationToken cancellationToken = default) =>
        LoadSnapshotAsync(session => session.LoadCaseSnapshotOfTaskAsync(taskId, cancellationToken), cancellationToken);

    public Task<WorkflowTimerRecord?> FindTimerAsync(Guid timerId, CancellationToken cancellationToken = default) =>
        ReadAsync(session => session.FindTimerAsync(timerId, cancellationToken), cancellationToken);

    public void AddCase(WorkflowCaseRecord workflowCase) => _changes.NewCases.Add(workflowCase);

    public void UpdateCase(WorkflowCaseRecord workflowCase)
    {
        ArgumentNullException.ThrowIfNull(workflowCase);
        if (!_loadedVersions.TryGetValue(workflowCase.Id, out var loaded))
        {
            throw new InvalidOperationException($"Case {workflowCase.Id} was not loaded in this unit of work.");
        }

        var index = _changes.ChangedCases.FindIndex(c => c.Case.Id == workflowCase.Id);
        if (index >= 0)
        {
            _changes.ChangedCases[index] = (workflowCase, loaded);
        }
        else
        {
            _changes.ChangedCases.Add((workflowCase, loaded));
        }
    }

    public void AddTask(WorkflowTaskRecord task) => Stage(_changes.Tasks, task, static r => r.Id, isNew: true);

    public void UpdateTask(WorkflowTaskRecord task) => Stage(_changes.Tasks, task, static r => r.Id, isNew: false);

    public void AddTimer(WorkflowTimerRecord timer) => Stage(_changes.Timers, timer, static r => r.Id, isNew: true);

    public void UpdateTimer(WorkflowTimerRecord timer) => Stage(_changes.Timers, timer, static r => r.Id, isNew: false);

    public void AddJournalEntry(WorkflowJournalEntry entry) => _changes.Journal.Add(entry);

    public void AddNotification(WorkflowNotificationRecord notification) => _changes.Notifications.Add(notification);

    public void AddApology(WorkflowApologyRecord apology) => _changes.Apologies.Add(apology);

    public void UpdateApology(WorkflowApologyRecord apology) => _changes.ChangedApologies[apology.Id] = apology;

    public void AddEffect(WorkflowEffectRecord effect) => _changes.Effects.Add(effect);

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        _committed = true;
        if (_changes.IsEmpty)
        {
            return;
        }

        using var activity = SqlPathTelemetry.Start("iso.data.commit", database.SystemName);
        await database.CommitAsync(_changes, cancellationToken);
    }

    /// <summary>Nothing is written before <see cref="CommitAsync"/>, so disposing without it leaves no trace.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Stages a task or timer; one added and then updated by the same command is still inserted.</summary>
    private static void Stage<T>(Dictionary<Guid, (T Record, bool IsNew)> staged, T record, Func<T, Guid> idOf, bool isNew)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(record);
        var id = idOf(record);
        staged[id] = (record, isNew || (staged.TryGetValue(id, out var earlier) && earlier.IsNew));
    }

    /// <summary>A case read for this unit of work: its loaded version is remembered for the commit's check.</summary>
    private async Task<CaseSnapshot?> LoadSnapshotAsync(Func<SqlSession, Task<CaseSnapshot?>> load, CancellationToken cancellationToken)
    {
        using var activity = SqlPathTelemetry.Start("iso.data.load_case", database.SystemName);
        var snapshot = await ReadAsync(load, cancellationToken);
        if (snapshot is not null)
        {
            _loadedVersions[snapshot.Case.Id] = snapshot.Case.Version;
        }

        return snapshot;
    }

    private async Task<T> ReadAsync<T>(Func<SqlSession, Task<T>> read, CancellationToken cancellationToken)
    {
        var session = await database.RentReaderAsync(cancellationToken);
        T result;
        try
        {
            result = await read(session);
        }
        catch
        {
            // A connection that failed mid-read is not given back.
            await session.DisposeAsync();
            throw;
        }

        await database.ReturnReader(session);
        return result;
    }
}
