using System.Threading.Channels;

namespace Iso.Data.Workflows.Sql;

/// <summary>
/// Group commit for SQLite (see ADR 0005). SQLite lets one connection write at a time and a commit's cost is mostly
/// fixed, so one writer takes every command waiting at that moment (up to <see cref="MaxBatch"/>) and stores them in
/// one transaction. Each command stays atomic: if one of them fails (a lost optimistic race, a broken constraint), the
/// transaction is rolled back, that command alone gets its error, and the others are written again without it.
/// A command is acknowledged only after the COMMIT that contains it.
/// </summary>
internal sealed class SqliteGroupCommit : IAsyncDisposable
{
    /// <summary>Commands per transaction at most: bounds the work a failed batch repeats and the wait of the first command.</summary>
    public const int MaxBatch = 64;

    private readonly Func<SqliteSqlSession> _openWriter;
    private readonly WorkflowTables _tables;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startGate = new();
    private Task? _loop;

    public SqliteGroupCommit(Func<SqliteSqlSession> openWriter, WorkflowTables tables)
    {
        _openWriter = openWriter;
        _tables = tables;
    }

    /// <summary>Total transactions and commands committed (for tests and diagnostics).</summary>
    public long Transactions { get; private set; }

    public long Commands { get; private set; }

    public Task CommitAsync(StagedChanges changes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Encoded here, on the caller's thread, so the one writer only binds and steps.
        // Once queued, a command is written or refused as a whole; the caller's cancellation no longer applies to it.
        var pending = new Pending(SqliteSqlSession.Encode(_tables, changes));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        EnsureStarted();
        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_startGate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop;
        }
    }

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }

        lock (_startGate)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        SqliteSqlSession? writer = null;
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                try
                {
                    // Opened before the batch is taken, so commands that arrive while it opens join the first batch.
                    writer ??= _openWriter();
                }
                catch (Exception e)
                {
                    FailWaiting(e);
                    continue;
                }

                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                try
                {
                    await WriteAsync(writer, batch);
                }
                catch (Exception e)
                {
                    // The writer connection itself failed (e.g. the file is gone or the disk is full): this batch fails,
                    // and the next one starts on a fresh connection.
                    foreach (var pending in batch)
                    {
                        pending.Completion.TrySetException(e);
                    }

                    if (writer is not null)
                    {
                        await writer.DisposeAsync();
                        writer = null;
                    }
                }

                batch.Clear();
            }
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
    }

    /// <summary>The writer could not even be opened: every command waiting now fails with that error (none was written).</summary>
    private void FailWaiting(Exception e)
    {
        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetException(e);
        }
    }

    private async Task WriteAsync(SqliteSqlSession writer, List<Pending> batch)
    {
        while (batch.Count > 0)
        {
            await writer.BeginAsync(immediate: true, CancellationToken.None);
            var failed = -1;
            Exception? failure = null;
            for (var i = 0; i < batch.Count; i++)
            {
                try
                {
                    writer.Apply(batch[i].Command);
                }
                catch (Exception e)
                {
                    failed = i;
                    failure = e;
                    break;
                }
            }

            if (failed >= 0)
            {
                await writer.RollbackQuietlyAsync();
                batch[failed].Completion.TrySetException(failure!);
                batch.RemoveAt(failed);
                continue;
            }

            try
            {
                await writer.CommitAsync(CancellationToken.None);
            }
            catch
            {
                await writer.RollbackQuietlyAsync();
                throw;
            }

            Transactions++;
            Commands += batch.Count;
            foreach (var pending in batch)
            {
                pending.Completion.TrySetResult();
            }

            return;
        }
    }

    private sealed class Pending(SqliteSqlSession.EncodedCommand command)
    {
        public SqliteSqlSession.EncodedCommand Command { get; } = command;

        /// <summary>Continuations run on the pool, never on the writer's loop.</summary>
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
