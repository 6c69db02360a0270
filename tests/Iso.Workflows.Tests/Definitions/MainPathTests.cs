using Iso.Workflows.Definitions;

namespace Iso.Workflows.Tests.Definitions;

public sealed class MainPathTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "workflows");

    [Fact]
    public void MainPath_OfTheOneAgencyTemplate_AddsUpToItsTenDayLimit()
    {
        var definition = WorkflowDefinitionLoader.LoadValid(File.ReadAllText(Path.Combine(Folder, "tthc-mot-cap.json")));

        var path = MainPath.Of(definition);

        Assert.Equal(10m, path.Total.Days);
        Assert.Equal(["start", "receive", "assign", "examine", "review", "approve", "register", "deliver"], path.NodeIds.Take(8));
    }

    [Fact]
    public void MainPath_ThroughAFork_CountsTheLongestBranchOnce()
    {
        var definition = WorkflowDefinitionLoader.LoadValid("""
            { "key": "x", "version": 1, "name": "X", "nodes": [
              { "id": "s", "type": "start", "to": "f" },
              { "id": "f", "type": "fork", "to": ["a", "b"] },
              { "id": "a", "type": "userTask", "title": "A", "candidate": { "role": "Staff" }, "duration": { "workingDays": 2 }, "outcomes": [ { "name": "ok", "to": "j" } ] },
              { "id": "b", "type": "userTask", "title": "B", "candidate": { "role": "Staff" }, "duration": { "workingHours": 4 }, "outcomes": [ { "name": "ok", "to": "j" } ] },
              { "id": "j", "type": "join", "mode": "all", "to": "c" },
              { "id": "c", "type": "userTask", "title": "C", "candidate": { "role": "Leader" }, "duration": { "workingDays": 1 }, "outcomes": [ { "name": "ok", "to": "e" }, { "name": "back", "to": "a2" } ] },
              { "id": "a2", "type": "userTask", "title": "Ngoài luồng chính", "candidate": { "role": "Staff" }, "duration": { "workingDays": 5 }, "outcomes": [ { "name": "ok", "to": "e" } ] },
              { "id": "e", "type": "end" } ] }
            """);

        var path = MainPath.Of(definition);

        Assert.Equal(3m, path.Total.Days);
        Assert.DoesNotContain("a2", path.NodeIds);
    }
}
