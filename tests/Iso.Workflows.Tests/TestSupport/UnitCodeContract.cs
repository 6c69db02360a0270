using Iso.Workflows.Organisation;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Workflows.Tests.TestSupport;

/// <summary>
/// How every store compares unit codes: exactly (ordinal, case-sensitive), as the databases do. Run on the in-memory
/// store in this project and on SQLite and PostgreSQL in <c>Iso.Data.Tests</c> (the file is linked there).
/// </summary>
public static class UnitCodeContract
{
    /// <param name="task">An open, unassigned task whose candidate unit exists in <paramref name="lookup"/>.</param>
    public static async Task AssertComparedExactlyAsync(IWorkflowStore store, IOrganisationLookup lookup, WorkflowTaskRecord task, CancellationToken cancellationToken)
    {
        var unit = task.CandidateUnitCode ?? throw new ArgumentException("The task must name a candidate unit.", nameof(task));
        var otherCase = unit.ToLowerInvariant();
        Assert.NotEqual(unit, otherCase);

        Task<IReadOnlyList<WorkflowTaskRecord>> Inbox(string code) =>
            store.GetInboxAsync(new InboxQuery(task.AgencyId, Guid.NewGuid(), [task.CandidateRole], [code]), cancellationToken);

        Assert.Contains(await Inbox(unit), t => t.Id == task.Id);
        Assert.DoesNotContain(await Inbox(otherCase), t => t.Id == task.Id);

        Assert.NotNull(await lookup.FindUnitAsync(task.AgencyId, unit, cancellationToken));
        Assert.Null(await lookup.FindUnitAsync(task.AgencyId, otherCase, cancellationToken));

        // The runtime's candidate check agrees with the inbox: what the inbox does not show, the runtime does not accept.
        Assert.True(new WorkflowActor(Guid.NewGuid(), [task.CandidateRole], [unit]).InUnit(unit));
        Assert.False(new WorkflowActor(Guid.NewGuid(), [task.CandidateRole], [otherCase]).InUnit(unit));
    }
}
