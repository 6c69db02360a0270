using Iso.Workflows.Definitions;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;

namespace Iso.Web.Cases;

/// <summary>The definition a case runs on (parsed once per stored version, shared with the engine) and its human steps.</summary>
public sealed class TaskSteps(IWorkflowDefinitionStore definitions, WorkflowDefinitionCatalog catalog)
{
    public async Task<WorkflowDefinition?> DefinitionOfAsync(WorkflowCaseRecord workflowCase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowCase);
        if (catalog.TryGetDefinition(workflowCase.DefinitionId, out var known))
        {
            return known;
        }

        var stored = await definitions.FindAsync(workflowCase.DefinitionId, cancellationToken);
        return stored is null ? null : catalog.GetDefinition(stored);
    }

    public static UserTaskNode? Step(WorkflowDefinition? definition, string nodeId) =>
        definition?.Nodes.OfType<UserTaskNode>().FirstOrDefault(n => string.Equals(n.Id, nodeId, StringComparison.Ordinal));
}
