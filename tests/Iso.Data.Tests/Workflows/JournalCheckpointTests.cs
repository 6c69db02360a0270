using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data.Tests.Workflows;

/// <summary>The keyed checkpoint of each case's journal head, written through the SQL command path and verified on read.</summary>
public sealed class JournalCheckpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task EveryCommand_StoresTheCheckpointOfTheNewHead_WithTheJournalEntries(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var started = await w.StartAsync();
        var afterStart = (await w.Store.FindCaseAsync(started.CaseId, Ct))!;
        Assert.Equal(JournalCheckpointStatus.Valid, JournalCheckpoint.Check(w.CheckpointKey, afterStart));

        await w.NewRuntime().CompleteTaskAsync(new Iso.Workflows.Runtime.CompleteTaskCommand(started.OpenTasks[0].Id, WorkflowDatabase.Actor("Staff", "MOT-CUA"), "forward"), Ct);

        var afterStep = (await w.Store.FindCaseAsync(started.CaseId, Ct))!;
        Assert.True(afterStep.JournalCount > afterStart.JournalCount);
        Assert.NotEqual(afterStart.JournalCheckpoint, afterStep.JournalCheckpoint);
        Assert.Equal(JournalVerificationResult.Valid, await JournalVerifier.VerifyAsync(w.Store, started.CaseId, w.CheckpointKey, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ACaseRewrittenInTheDatabase_WithItsHashesRecomputed_IsDetectedByTheCheckpoint(DatabaseProvider provider)
    {
        await using var w = await WorkflowDatabase.CreateAsync(provider);
        var started = await w.StartAsync();
        await using (var scope = w.Services.CreateAsyncScope())
        {
            await JournalRewrite.RewriteFirstEntryCommentAsync(scope.ServiceProvider.GetRequiredService<IsoDbContext>(), started.CaseId, "HS-GIA-MAO", Ct);
        }

        var workflowCase = (await w.Store.FindCaseAsync(started.CaseId, Ct))!;
        var journal = await w.Store.GetJournalAsync(started.CaseId, Ct);
        Assert.Equal("HS-GIA-MAO", journal[0].Comment);
        Assert.True(JournalVerifier.VerifyChain(workflowCase, journal).IsValid, "the rewrite keeps the unkeyed chain intact");

        var result = await JournalVerifier.VerifyAsync(w.Store, started.CaseId, w.CheckpointKey, Ct);

        Assert.False(result.IsValid);
        Assert.Equal(JournalCheckpointStatus.Mismatch, result.Checkpoint);
    }

    [Fact]
    public async Task AnotherCaseUntouched_StillVerifies_NextToARewrittenOne()
    {
        await using var w = await WorkflowDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var rewritten = await w.StartAsync();
        var untouched = await w.StartAsync();
        await using (var scope = w.Services.CreateAsyncScope())
        {
            await JournalRewrite.RewriteFirstEntryCommentAsync(scope.ServiceProvider.GetRequiredService<IsoDbContext>(), rewritten.CaseId, "HS-GIA-MAO", Ct);
        }

        Assert.False((await JournalVerifier.VerifyAsync(w.Store, rewritten.CaseId, w.CheckpointKey, Ct)).IsValid);
        Assert.True((await JournalVerifier.VerifyAsync(w.Store, untouched.CaseId, w.CheckpointKey, Ct)).IsValid);
    }
}
