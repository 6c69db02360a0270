using System.Globalization;
using System.Text.RegularExpressions;
using Iso.Workflows.Definitions;

namespace Iso.Web.Procedures;

/// <summary>The validator's problems that concern one node: how many errors and warnings, and what they say.</summary>
public sealed record StepMarks(int Errors, int Warnings, IReadOnlyList<string> Messages)
{
    public int Total => Errors + Warnings;

    /// <summary>The node each problem concerns (its JSON path <c>$.nodes[i]…</c> names the node by position), per node id.
    /// Problems of the procedure itself (variables, time limit) belong to no node and are left out.</summary>
    public static IReadOnlyDictionary<string, StepMarks> ByNode(ValidationReport report, IReadOnlyList<string> nodeIds)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(nodeIds);
        return report.Errors.Concat(report.Warnings)
            .Select(p => (Problem: p, Node: NodeOf(p.Path, nodeIds)))
            .Where(x => x.Node is not null)
            .GroupBy(x => x.Node!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new StepMarks(g.Count(x => !x.Problem.IsWarning), g.Count(x => x.Problem.IsWarning), [.. g.Select(x => x.Problem.Message)]),
                StringComparer.Ordinal);
    }

    /// <summary>The id of the node a JSON path points into; null when it points at no node.</summary>
    public static string? NodeOf(string path, IReadOnlyList<string> nodeIds)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        var match = NodePath.Match(path ?? string.Empty);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < nodeIds.Count
            ? nodeIds[i]
            : null;
    }

    /// <summary>The ids of the graph with what happened to each between two versions.</summary>
    public static IReadOnlyDictionary<string, ChangeKind> Changes(DefinitionDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return diff.Nodes.GroupBy(n => n.NodeId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Kind, StringComparer.Ordinal);
    }

    private static readonly Regex NodePath = new(@"^\$\.nodes\[(\d+)\]", RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
