using System.Globalization;
using System.Text.Json.Nodes;
using Iso.Web.Procedures;

namespace Iso.Web.Tests.Procedures;

public sealed class FlowchartLayoutTests
{
    public static TheoryData<string> Templates() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.json").Where(f => !f.EndsWith("schema.json", StringComparison.Ordinal)).Select(Path.GetFileName).OfType<string>()];

    private static FlowchartGraph Template(string file) =>
        FlowchartGraph.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", file)));

    [Theory]
    [MemberData(nameof(Templates))]
    public void ShippedTemplates_ForwardWaysGoDown_AndNoNodesOverlap(string file)
    {
        var graph = Template(file);
        var picture = FlowchartLayout.Compute(graph);

        Assert.Equal(graph.Nodes.Count, picture.Nodes.Count);
        AssertNoOverlap(picture);
        foreach (var edge in picture.Edges.Where(e => !e.Back && !e.Dangling))
        {
            var from = picture.Find(edge.Edge.From)!;
            var to = picture.Find(edge.Edge.To)!;
            Assert.True(to.Layer > from.Layer, $"{edge.Edge.From} → {edge.Edge.To}: layer {from.Layer} → {to.Layer}");
            Assert.True(to.Y > from.Y);
        }

        Assert.All(picture.Nodes, n => Assert.True(n.Left >= 0 && n.Top >= 0 && n.Left + n.Width <= picture.Width && n.Top + n.Height <= picture.Height));
    }

    [Fact]
    public void MotCap_StartIsOnTop_TheReworkLoopsGoBack_AndTheMainStepsFollowInOrder()
    {
        var picture = FlowchartLayout.Compute(Template("tthc-mot-cap.json"));

        Assert.Equal(0, picture.Find("start")!.Layer);
        var main = new[] { "start", "receive", "assign", "examine", "review", "approve", "register", "deliver", "result-kind", "granted" };
        for (var i = 1; i < main.Length; i++)
        {
            Assert.True(picture.Find(main[i])!.Layer > picture.Find(main[i - 1])!.Layer, main[i]);
        }

        var back = picture.Edges.Where(e => e.Back).Select(e => $"{e.Edge.From}>{e.Edge.To}").Order().ToList();
        Assert.Equal(["approve>review", "notify-supplement>examine", "review>examine"], back);
        Assert.Contains(picture.Edges, e => e.Edge.From == "receive" && e.Edge.Label == "Tiếp nhận, chuyển xử lý");
    }

    [Fact]
    public void Layout_IsDeterministic()
    {
        var graph = Template("tthc-lien-thong.json");

        var first = FlowchartLayout.Compute(graph);
        var second = FlowchartLayout.Compute(FlowchartGraph.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "tthc-lien-thong.json"))));

        Assert.Equal(first.Nodes.Select(n => (n.Node.Id, n.X, n.Y)), second.Nodes.Select(n => (n.Node.Id, n.X, n.Y)));
        Assert.Equal(first.Edges.Select(e => e.PathData()), second.Edges.Select(e => e.PathData()));
    }

    [Fact]
    public void FortySteps_WithBranchesAndLoops_AreLaidOutWithoutOverlap()
    {
        var graph = FlowchartGraph.FromJson(Generated(40));

        var picture = FlowchartLayout.Compute(graph);

        Assert.Equal(43, picture.Nodes.Count);
        AssertNoOverlap(picture);
        Assert.All(picture.Edges.Where(e => !e.Back), e => Assert.True(picture.Find(e.Edge.To)!.Layer > picture.Find(e.Edge.From)!.Layer));
        Assert.Contains(picture.Edges, e => e.Back);
    }

    [Fact]
    public void PinnedPositions_ReplaceTheComputedOnes_AndWaysFollowThem()
    {
        var graph = Template("tthc-mot-cap.json");
        var pins = new Dictionary<string, FlowPoint> { ["assign"] = new(900, 120) };

        var picture = FlowchartLayout.Compute(graph, pins);

        var assign = picture.Find("assign")!;
        Assert.True(assign.Pinned);
        Assert.Equal((900d, 120d), (assign.X, assign.Y));
        var way = picture.Edges.Single(e => e.Edge.From == "receive" && e.Edge.To == "assign");
        Assert.Equal(assign.Y - (assign.Height / 2), way.Points[^1].Y);
        Assert.True(picture.Width >= 900 + (assign.Width / 2));
    }

    [Fact]
    public void AWayToAMissingStep_IsDrawnAsADanglingStub()
    {
        var json = """{ "nodes": [ { "id": "start", "type": "start", "to": "a" }, { "id": "a", "type": "userTask", "title": "A", "outcomes": [ { "name": "x", "to": "nowhere" } ] } ] }""";

        var picture = FlowchartLayout.Compute(FlowchartGraph.FromJson(json));

        var stub = Assert.Single(picture.Edges, e => e.Dangling);
        Assert.Equal("nowhere", stub.Edge.To);
    }

    [Fact]
    public void UnreadableJson_GivesAnEmptyPicture()
    {
        Assert.Empty(FlowchartLayout.Compute(FlowchartGraph.FromJson("{ not json")).Nodes);
    }

    private static void AssertNoOverlap(FlowchartPicture picture)
    {
        for (var i = 0; i < picture.Nodes.Count; i++)
        {
            for (var j = i + 1; j < picture.Nodes.Count; j++)
            {
                Assert.False(picture.Nodes[i].Overlaps(picture.Nodes[j]), $"{picture.Nodes[i].Node.Id} overlaps {picture.Nodes[j].Node.Id}");
            }
        }
    }

    /// <summary>A start, <paramref name="steps"/> human steps (every third returns two steps back, every fifth skips one
    /// ahead), an end for done and one for refused.</summary>
    internal static string Generated(int steps)
    {
        var nodes = new JsonArray { new JsonObject { ["id"] = "start", ["type"] = "start", ["to"] = "s1" } };
        for (var i = 1; i <= steps; i++)
        {
            var next = i == steps ? "done" : $"s{i + 1}";
            var outcomes = new JsonArray { new JsonObject { ["name"] = "ok", ["label"] = "Đồng ý", ["to"] = next } };
            if (i % 3 == 0 && i > 2)
            {
                outcomes.Add(new JsonObject { ["name"] = "back", ["label"] = "Trả lại", ["to"] = $"s{i - 2}" });
            }

            if (i % 5 == 0 && i + 2 <= steps)
            {
                outcomes.Add(new JsonObject { ["name"] = "skip", ["label"] = "Bỏ qua", ["to"] = $"s{i + 2}" });
            }

            if (i % 7 == 0)
            {
                outcomes.Add(new JsonObject { ["name"] = "refuse", ["label"] = "Từ chối", ["to"] = "refused" });
            }

            nodes.Add(new JsonObject
            {
                ["id"] = $"s{i}", ["type"] = "userTask", ["title"] = "Bước " + i.ToString(CultureInfo.InvariantCulture),
                ["candidate"] = new JsonObject { ["role"] = "Staff" }, ["duration"] = new JsonObject { ["workingDays"] = 1 }, ["outcomes"] = outcomes,
            });
        }

        nodes.Add(new JsonObject { ["id"] = "done", ["type"] = "end", ["result"] = "completed" });
        nodes.Add(new JsonObject { ["id"] = "refused", ["type"] = "end", ["result"] = "rejected" });
        return new JsonObject { ["key"] = "bench-40", ["version"] = 1, ["name"] = "40 bước", ["nodes"] = nodes }.ToJsonString();
    }
}
