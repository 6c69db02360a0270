using Acornima.Ast;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Expressions;
using Iso.Workflows.Persistence;
using Jint;

namespace Iso.Workflows.Runtime;

/// <summary>A published definition indexed once for execution: nodes by id, fork→join pairs, prepared conditions,
/// variables and outcomes by name. Immutable and shared by all cases on that version.</summary>
internal sealed class CompiledDefinition
{
    public CompiledDefinition(StoredDefinition stored, WorkflowDefinition definition)
    {
        StoredId = stored.Id;
        OwnerAgencyId = stored.OwnerAgencyId;
        Definition = definition;
        var graph = new DefinitionGraph(definition);
        Nodes = graph.Nodes;
        JoinOfFork = graph.JoinOfFork;
        foreach (var node in definition.Nodes)
        {
            switch (node)
            {
                case StartNode s: Start = s; break;
                case DecisionNode d:
                    var scripts = new Prepared<Script>[d.Branches.Count];
                    for (var i = 0; i < scripts.Length; i++)
                    {
                        scripts[i] = ExpressionEvaluator.Prepare(d.Branches[i].When);
                    }

                    Conditions[d.Id] = scripts;
                    break;
                case UserTaskNode t:
                    var outcomes = new Dictionary<string, OutcomeDefinition>(StringComparer.Ordinal);
                    foreach (var o in t.Outcomes)
                    {
                        outcomes[o.Name] = o;
                    }

                    Outcomes[t.Id] = outcomes;
                    Durations[t.Id] = t.Duration?.ToWorkingDuration();
                    break;
                default:
                    break;
            }
        }

        foreach (var v in definition.Variables)
        {
            Variables[v.Name] = v;
        }

        TimeLimit = definition.TimeLimit?.ToWorkingDuration();
        StartedDataJson = "{\"definition\":\"" + definition.Key + "\",\"version\":" + stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
        if (Start is null)
        {
            throw new InvalidWorkflowDefinitionException($"Definition '{definition.Key}' v{definition.Version} has no start node.");
        }
    }

    public Guid StoredId { get; }

    public Guid? OwnerAgencyId { get; }

    public WorkflowDefinition Definition { get; }

    public StartNode Start { get; } = null!;

    public Dictionary<string, NodeDefinition> Nodes { get; }

    public Dictionary<string, string> JoinOfFork { get; }

    public Dictionary<string, Prepared<Script>[]> Conditions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Dictionary<string, OutcomeDefinition>> Outcomes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, WorkingDuration?> Durations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VariableDefinition> Variables { get; } = new(StringComparer.Ordinal);

    public WorkingDuration? TimeLimit { get; }

    /// <summary>The data of every case's CaseStarted journal entry (the same for all cases on this version).</summary>
    public string StartedDataJson { get; }
}
