using Iso.Data.Tests.Workflows;
using Iso.Data.Workflows.Sql;
using Iso.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Tests.Workflows.Sql;

public sealed class SqliteGroupCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneBatch_WithCommandsThatLoseTheirRace_StoresEveryOtherCommand_AndNothingOfTheLosers()
    {
        await using var w = await WorkflowDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var started = await w.StartAsync();
        var existing = (await w.Store.FindCaseAsync(started.CaseId, Ct))!;
        using var gate = new SemaphoreSlim(0);
        var opening = false;
        await using var writer = new SqliteGroupCommit(() =>
        {
            // Every command below is queued before the writer takes its first batch.
            Volatile.Write(ref opening, true);
            gate.Wait(TimeSpan.FromSeconds(30));
            return OpenWriter(w);
        }, Tables(w));

        var fresh = Enumerable.Range(1, 4).Select(i => NewCase(w.AgencyId, $"HS-NEW-{i}")).ToList();
        var staleUpdate = Changes(changed: (Copy(existing, version: existing.Version + 1), LoadedVersion: existing.Version + 7),
            task: NewTask(existing.Id, w.AgencyId));
        var duplicate = NewCase(w.AgencyId, "HS-DUP");
        duplicate.Id = fresh[0].Id;
        var duplicateChanges = Changes(created: duplicate, journal: Entry(duplicate.Id, 1));
        var goodUpdate = Changes(changed: (Copy(existing, version: existing.Version + 1), existing.Version));

        // The first committer leads: it waits at the gate, holding the writer, while the others queue behind it.
        var first = Task.Run(() => writer.CommitAsync(Changes(created: fresh[0], journal: Entry(fresh[0].Id, 1)), Ct), Ct);
        await WaitUntilAsync(() => Volatile.Read(ref opening));
        var commits = new List<Task>
        {
            first,
            writer.CommitAsync(staleUpdate, Ct),
            writer.CommitAsync(Changes(created: fresh[1], journal: Entry(fresh[1].Id, 1)), Ct),
            writer.CommitAsync(duplicateChanges, Ct),
            writer.CommitAsync(Changes(created: fresh[2]), Ct),
            writer.CommitAsync(goodUpdate, Ct),
            writer.CommitAsync(Changes(created: fresh[3]), Ct),
        };
        gate.Release();

        await commits[0];
        foreach (var i in new[] { 2, 4, 5, 6 })
        {
            await commits[i];
        }

        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => commits[1]);
        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => commits[3]);
        Assert.Equal((1, 5), (writer.Transactions, writer.Commands));

        await using var db = w.Database.CreateContext();
        var references = await db.Set<WorkflowCaseRecord>().Where(c => c.Reference!.StartsWith("HS-")).Select(c => c.Reference).ToListAsync(Ct);
        Assert.Equal(["HS-0001", "HS-NEW-1", "HS-NEW-2", "HS-NEW-3", "HS-NEW-4"], references.Order());
        Assert.Equal(existing.Version + 1, (await db.Set<WorkflowCaseRecord>().SingleAsync(c => c.Id == existing.Id, Ct)).Version);
        Assert.False(await db.Set<WorkflowTaskRecord>().AnyAsync(t => t.NodeId == "stray", Ct));
        // The duplicate's journal row would have been sequence 1 of fresh[0] again; only the first one is there.
        Assert.Single(await db.Set<WorkflowJournalEntry>().Where(e => e.CaseId == fresh[0].Id).ToListAsync(Ct));
    }

    [Fact]
    public async Task AWriterThatCannotOpen_FailsTheWaitingCommands_AndTheNextCommandStillCommits()
    {
        await using var w = await WorkflowDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var attempts = 0;
        await using var writer = new SqliteGroupCommit(() =>
            ++attempts == 1 ? throw new SqliteException("disk I/O error (simulated)", 10) : OpenWriter(w), Tables(w));

        var lost = NewCase(w.AgencyId, "HS-LOST");
        var error = await Assert.ThrowsAsync<SqliteException>(() => writer.CommitAsync(Changes(created: lost), Ct));
        Assert.Contains("simulated", error.Message, StringComparison.Ordinal);

        var kept = NewCase(w.AgencyId, "HS-KEPT");
        await writer.CommitAsync(Changes(created: kept), Ct);

        await using var db = w.Database.CreateContext();
        Assert.Equal(["HS-KEPT"], await db.Set<WorkflowCaseRecord>().Where(c => c.Id == lost.Id || c.Id == kept.Id).Select(c => c.Reference).ToListAsync(Ct));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The first commit never started to open the writer.");
            await Task.Delay(5, Ct);
        }
    }

    private static WorkflowTables Tables(WorkflowDatabase w)
    {
        using var context = w.Database.CreateContext();
        return WorkflowTables.For(context.Model);
    }

    private static SqliteSqlSession OpenWriter(WorkflowDatabase w)
    {
        using var context = w.Database.CreateContext();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(context.Database.GetConnectionString()) { Pooling = false }.ToString());
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
            pragmas.ExecuteNonQuery();
        }

        return new SqliteSqlSession(connection, WorkflowTables.For(context.Model));
    }

    private static StagedChanges Changes(
        WorkflowCaseRecord? created = null,
        (WorkflowCaseRecord Case, long LoadedVersion)? changed = null,
        WorkflowTaskRecord? task = null,
        WorkflowJournalEntry? journal = null)
    {
        var changes = new StagedChanges();
        if (created is not null)
        {
            changes.NewCases.Add(created);
        }

        if (changed is { } c)
        {
            changes.ChangedCases.Add(c);
        }

        if (task is not null)
        {
            changes.Tasks[task.Id] = (task, true);
        }

        if (journal is not null)
        {
            changes.Journal.Add(journal);
        }

        return changes;
    }

    private static WorkflowCaseRecord Copy(WorkflowCaseRecord record, long version)
    {
        var copy = record.Clone();
        copy.Version = version;
        return copy;
    }

    private static WorkflowCaseRecord NewCase(Guid agencyId, string reference) => new()
    {
        Id = Guid.CreateVersion7(), AgencyId = agencyId, DefinitionId = Guid.NewGuid(), DefinitionKey = "test-lien-thong", DefinitionVersion = 1,
        Reference = reference, Status = CaseStatus.Running, ReceivedAt = WorkflowDatabase.Epoch, CountedFrom = WorkflowDatabase.Epoch,
        StartedAt = WorkflowDatabase.Epoch, VariablesJson = "{}",
    };

    private static WorkflowTaskRecord NewTask(Guid caseId, Guid agencyId) => new()
    {
        Id = Guid.NewGuid(), CaseId = caseId, AgencyId = agencyId, DefinitionKey = "test-lien-thong", NodeId = "stray", Title = "Stray",
        CandidateRole = "Staff", Status = WorkflowTaskStatus.Open, CreatedAt = WorkflowDatabase.Epoch, Scope = "",
    };

    private static WorkflowJournalEntry Entry(Guid caseId, long sequence) => new()
    {
        Id = Guid.NewGuid(), CaseId = caseId, Sequence = sequence, At = WorkflowDatabase.Epoch, Kind = "test", Hash = new string('0', 64),
    };
}
