using Iso.Workflows.Actions;
using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Shipped;

/// <summary>Every definition shipped in <c>workflows/</c> (linked into the test output) validates and runs to its end.</summary>
public sealed class ShippedDefinitionsTests
{
    private static readonly string[] AllRoles = ["Administrator", "QualityOfficer", "Leader", "Staff", "Auditor"];

    private static string[] ShippedFiles()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "workflows");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Where(f => Path.GetFileName(f) != "schema.json").Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    [Fact]
    public void EveryShippedDefinition_Validates()
    {
        var problems = ShippedFiles().SelectMany(f => WorkflowDefinitionValidator.Validate(File.ReadAllText(f), Path.GetFileName(f))).ToList();

        Assert.True(problems.All(p => p.IsWarning), string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task EveryShippedDefinition_RunsFromStartToAnEnd()
    {
        foreach (var file in ShippedFiles())
        {
            await RunToEndAsync(file);
        }
    }

    private sealed class RecordingAction(string name) : IWorkflowActionHandler
    {
        public string Name => name;

        public ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken)
        {
            context.Journal("TestActionRan");
            return ValueTask.CompletedTask;
        }
    }

    private static async Task RunToEndAsync(string file)
    {
        var json = File.ReadAllText(file);
        var definition = WorkflowDefinitionLoader.LoadValid(json, file);
        var actions = definition.Nodes.OfType<ActionNode>().Select(a => a.Action)
            .Concat(definition.Nodes.OfType<UserTaskNode>().Where(t => t.OnOverdue is not null).Select(t => t.OnOverdue!.Action))
            .Append(definition.OnCaseOverdue?.Action)
            .Where(a => a is not null and not "notify" and not "apology.issue")
            .Distinct()
            .Select(a => (IWorkflowActionHandler)new RecordingAction(a!))
            .ToList();
        using var h = new EngineHarness(extraHandlers: actions);
        var agency = Guid.NewGuid();
        h.Directory.AddAgency(agency, "TEST", "Cơ quan thử nghiệm", definition.AppliesTo.Count > 0 ? definition.AppliesTo[0] : "department");
        var units = definition.Nodes.OfType<UserTaskNode>().Select(t => t.Candidate.Unit).OfType<string>().Distinct().ToList();
        foreach (var unit in units)
        {
            h.Directory.AddUnit(agency, unit, unit);
        }

        await h.DefinitionService.ImportTemplateAsync(json, file, TestContext.Current.CancellationToken);
        var initiator = Guid.NewGuid();
        var result = await h.Runtime.StartCaseAsync(new StartCaseCommand(agency, definition.Key, InitiatorId: initiator), TestContext.Current.CancellationToken);
        var visits = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var step = 0; step < 300 && result.Status == CaseStatus.Running; step++)
        {
            if (result.OpenTasks.Count == 0)
            {
                h.Time.Advance(TimeSpan.FromDays(30));
                await h.FireTimersAsync();
                var tasks = await h.Store.GetTasksOfCaseAsync(result.CaseId, TestContext.Current.CancellationToken);
                var workflowCase = await h.CaseAsync(result.CaseId);
                result = new CommandResult(result.CaseId, workflowCase.Status, workflowCase.Result, tasks.Where(t => t.Status == WorkflowTaskStatus.Open).ToList());
                continue;
            }

            var task = result.OpenTasks[0];
            var node = (UserTaskNode)definition.Nodes.Single(n => n.Id == task.NodeId);
            var seen = visits[node.Id] = visits.GetValueOrDefault(node.Id) + 1;
            var outcome = node.Outcomes[Math.Min(seen - 1, node.Outcomes.Count - 1)];
            var actor = new WorkflowActor(task.AssigneeId ?? initiator, AllRoles, units);
            var form = node.Form.ToDictionary(f => f.Name, f => (string?)(f.Type switch
            {
                FieldType.Number => "1",
                FieldType.Boolean => "true",
                FieldType.Date => "2026-03-02",
                _ => "Kiểm thử",
            }));
            result = await h.Runtime.CompleteTaskAsync(new CompleteTaskCommand(task.Id, actor, outcome.Name, "Ý kiến kiểm thử", form), TestContext.Current.CancellationToken);
        }

        Assert.True(result.Status == CaseStatus.Completed, $"{Path.GetFileName(file)} did not reach an end (status {result.Status}).");
        Assert.True((await Iso.Workflows.Journal.JournalVerifier.VerifyAsync(h.Store, result.CaseId, h.CheckpointKey, TestContext.Current.CancellationToken)).IsValid);
    }
}
