using System.Text.Json;
using System.Text.Json.Nodes;
using Iso.Data;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Procedures;

/// <summary>Reads and writes the hand-placed flowchart positions of a version (<c>ProcedureLayouts</c>, ADR 0018).</summary>
internal static class ProcedureLayoutData
{
    public const int MaxNodes = 500;

    public const double MaxCoordinate = 100_000;

    public static async Task<IReadOnlyDictionary<string, FlowPoint>> ReadAsync(IsoDbContext db, Guid definitionId, CancellationToken cancellationToken)
    {
        var text = await db.ProcedureLayouts.AsNoTracking().Where(l => l.DefinitionId == definitionId).Select(l => l.Positions).SingleOrDefaultAsync(cancellationToken);
        return text is null ? new Dictionary<string, FlowPoint>() : Parse(text);
    }

    /// <summary>The positions of a stored text; unreadable entries are skipped.</summary>
    public static Dictionary<string, FlowPoint> Parse(string text)
    {
        var positions = new Dictionary<string, FlowPoint>(StringComparer.Ordinal);
        try
        {
            if (JsonNode.Parse(text) is JsonObject root)
            {
                foreach (var (id, value) in root)
                {
                    if (value is JsonObject p && p["x"] is JsonValue x && x.TryGetValue<double>(out var px) && p["y"] is JsonValue y && y.TryGetValue<double>(out var py))
                    {
                        positions[id] = new FlowPoint(px, py);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A damaged layout is no layout: the chart is laid out automatically.
        }

        return positions;
    }

    public static string Write(IReadOnlyDictionary<string, FlowPoint> positions)
    {
        var root = new JsonObject();
        foreach (var (id, point) in positions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            root[id] = new JsonObject
            {
                ["x"] = JsonValue.Create(Math.Round(point.X, 1)),
                ["y"] = JsonValue.Create(Math.Round(point.Y, 1)),
            };
        }

        return root.ToJsonString();
    }
}
