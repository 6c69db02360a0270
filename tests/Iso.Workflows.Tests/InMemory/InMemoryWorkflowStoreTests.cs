using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.InMemory;

public sealed class InMemoryWorkflowStoreTests : IDisposable
{
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task UnitCodes_AreComparedExactly_AsTheDatabaseStoreDoes()
    {
        await _h.ImportAsync("Runtime/Workflows/consultation-all.json");
        var receive = Assert.Single((await _h.StartAsync("test-consultation")).OpenTasks);

        await UnitCodeContract.AssertComparedExactlyAsync(_h.Store, _h.Directory, receive, TestContext.Current.CancellationToken);
    }

    public void Dispose() => _h.Dispose();
}
