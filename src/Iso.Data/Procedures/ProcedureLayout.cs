namespace Iso.Data.Procedures;

/// <summary>Where the officer placed the nodes of one version's flowchart by hand (ADR 0018). The definition format
/// (<c>workflows/schema.json</c>) has no place for it, so it sits beside the version: one row per version, the positions
/// as a JSON object <c>{ "nodeId": { "x": 120, "y": 340 } }</c>. Nodes without a position are laid out automatically.</summary>
public sealed class ProcedureLayout
{
    /// <summary>The stored definition version (<c>WorkflowDefinitions.Id</c>).</summary>
    public Guid DefinitionId { get; set; }

    public required string Positions { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid UpdatedBy { get; set; }
}
