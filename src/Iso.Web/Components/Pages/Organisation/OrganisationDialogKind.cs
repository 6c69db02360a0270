using Iso.Web.Organisation;

namespace Iso.Web.Components.Pages.Organisation;

/// <summary>The change an <see cref="OrganisationDialog"/> makes.</summary>
public enum OrganisationDialogKind
{
    CreateAgency,
    EditAgency,
    RenameAgency,
    CloseAgency,
    Merge,
    Split,
    CreateUnit,
    RenameUnit,
    CloseUnit,
    MergeUnits,
}

/// <summary>What an <see cref="OrganisationDialog"/> closes with when the change is made: the message to show and the
/// agency to select afterwards.</summary>
public sealed record OrganisationChange(string Message, string? SelectCode);

/// <summary>Walks the organisation tree the page shows.</summary>
internal static class OrganisationTree
{
    public static AgencyNode? Find(IEnumerable<AgencyNode> nodes, string code)
    {
        foreach (var node in nodes)
        {
            if (node.Code == code)
            {
                return node;
            }

            if (Find(node.Children, code) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    public static AgencyNode? FindParent(IEnumerable<AgencyNode> nodes, string code)
    {
        foreach (var node in nodes)
        {
            if (node.Children.Any(c => c.Code == code))
            {
                return node;
            }

            if (FindParent(node.Children, code) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Every agency of the tree still in effect, parents before their children.</summary>
    public static IEnumerable<AgencyNode> Current(IEnumerable<AgencyNode> roots)
    {
        static IEnumerable<AgencyNode> All(IEnumerable<AgencyNode> nodes) => nodes.SelectMany(n => All(n.Children).Prepend(n));
        return All(roots).Where(a => a.EffectiveTo is null);
    }
}
