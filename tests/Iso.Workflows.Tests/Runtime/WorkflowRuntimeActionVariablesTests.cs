using Iso.Workflows.Actions;
using Iso.Workflows.Persistence;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Runtime;

/// <summary>Actions see the case variables lazily; what they change is stored with the step, what they only read is left as it was.</summary>
public sealed class WorkflowRuntimeActionVariablesTests
{
    private sealed class VariableAction(Action<IDictionary<string, object?>> body) : IWorkflowActionHandler
    {
        public string Name => "test.fail";

        public ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken)
        {
            body(context.Variables);
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<WorkflowCaseRecord> RunAsync(Action<IDictionary<string, object?>> body, Action<IDictionary<string, object?>>? registeredLast = null)
    {
        IWorkflowActionHandler[] handlers = registeredLast is null ? [new VariableAction(body)] : [new VariableAction(body), new VariableAction(registeredLast)];
        using var h = new EngineHarness(extraHandlers: handlers);
        await h.ImportAsync("Runtime/Workflows/failing-action.json");
        var started = await h.StartAsync("test-failing-action");
        var second = (await h.CompleteAsync(started.OpenTasks[0], h.Staff, "go")).OpenTasks[0];
        var done = await h.CompleteAsync(second, h.Staff, "go");
        Assert.Equal(CaseStatus.Completed, done.Status);
        return await h.CaseAsync(started.CaseId);
    }

    [Fact]
    public async Task Action_ThatSetsAVariable_IsStoredWithTheStep()
    {
        var workflowCase = await RunAsync(v => v["note"] = "từ hành động");

        Assert.Equal("{\"note\":\"t\\u1EEB h\\u00E0nh \\u0111\\u1ED9ng\"}", workflowCase.VariablesJson);
    }

    [Fact]
    public async Task Action_ThatRemovesAVariable_IsStoredWithTheStep()
    {
        var workflowCase = await RunAsync(v => Assert.True(v.Remove("note")));

        Assert.Equal("{}", workflowCase.VariablesJson);
    }

    [Fact]
    public async Task Action_ThatOnlyReadsVariables_SeesThemAndLeavesThemUnchanged()
    {
        object? seen = null;
        var workflowCase = await RunAsync(v => seen = v["note"]);

        Assert.Equal("đã làm", seen);
        Assert.Equal("{\"note\":\"\\u0111\\u00E3 l\\u00E0m\"}", workflowCase.VariablesJson);
    }

    [Fact]
    public async Task Action_RegisteredTwiceUnderOneName_RunsTheLastRegistration()
    {
        var workflowCase = await RunAsync(v => v["note"] = "first", v => v["note"] = "last");

        Assert.Equal("{\"note\":\"last\"}", workflowCase.VariablesJson);
    }
}
