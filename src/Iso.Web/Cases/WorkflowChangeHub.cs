using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>
/// The engine's committed changes, told to the open pages of this app node: the inbox drops a task someone else took
/// or finished, the task page says who finished it, the bell counts a new notification. In-process and synchronous:
/// subscribers get the commit on the committing thread and must hand it to their circuit (<c>InvokeAsync</c>) at once.
/// With several app nodes each node hears only its own commands; ADR 0016 says what to add then.
/// </summary>
public sealed class WorkflowChangeHub : IWorkflowChangeListener
{
    private readonly Lock _gate = new();
    private Action<WorkflowCommit>[] _subscribers = [];

    /// <summary>Subscribes until the returned handle is disposed (a component disposes it with itself).</summary>
    public IDisposable Subscribe(Action<WorkflowCommit> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return new Subscription(this, subscriber);
    }

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public void Committed(WorkflowCommit commit)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(commit);
        }
    }

    private void Unsubscribe(Action<WorkflowCommit> subscriber)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != subscriber)];
        }
    }

    private sealed class Subscription(WorkflowChangeHub hub, Action<WorkflowCommit> subscriber) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                hub.Unsubscribe(subscriber);
            }
        }
    }
}
