using System.Text.Json;
using System.Text.Json.Serialization;

namespace Iso.Workflows.Runtime;

/// <summary>An open fork instance waiting at its join. Tokens inside it carry the scope <c>{ParentScope}/{Id}:{branch}</c>.</summary>
internal sealed class JoinState
{
    public required string Id { get; set; }

    public required string Fork { get; set; }

    public required string Join { get; set; }

    public int Expected { get; set; }

    public int Arrived { get; set; }

    public required string ParentScope { get; set; }

    public string BranchPrefix => ParentScope + "/" + Id + ":";

    public static List<JoinState> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, RuntimeJsonContext.Default.ListJoinState) ?? [];

    public static string? Write(List<JoinState> states) =>
        states.Count == 0 ? null : JsonSerializer.Serialize(states, RuntimeJsonContext.Default.ListJoinState);
}

[JsonSerializable(typeof(List<JoinState>))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
