using System.Text;
using Iso.Web.Startup;

namespace Iso.Web.Tests.Startup;

public sealed class JsonDoorTests
{
    [Theory]
    [InlineData("""{"a": 1, "b": [true, null, "Nguyễn"]}""")]
    [InlineData("""{"form": {"x": {"y": {"z": 1}}}}""")]
    public void WellFormedBody_Passes(string body)
    {
        Assert.Null(JsonDoor.Check(Encoding.UTF8.GetBytes(body), maxDepth: 32));
    }

    [Fact]
    public void TooDeep_IsReportedAtThePathWhereItGoesTooDeep()
    {
        var problem = JsonDoor.Check(Encoding.UTF8.GetBytes("""{"form": {"items": [{"a": {"b": 1}}]}}"""), maxDepth: 4);

        Assert.Equal("$.form.items[0].a", problem?.Path);
        Assert.Contains("deeper than 4", problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8_IsReportedWithItsOffset()
    {
        byte[] body = [.. "{\"a\": \"x"u8, 0xFF, .. "\"}"u8];

        var problem = JsonDoor.Check(body, maxDepth: 32);

        Assert.Equal("$", problem?.Path);
        Assert.Contains("offset 8", problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxError_NamesTheBody_LineAndTheLastFieldSeen()
    {
        var problem = JsonDoor.Check(Encoding.UTF8.GetBytes("{\"outcome\": \"accept\",\n \"comment\": }"), maxDepth: 32);

        Assert.Equal("$", problem?.Path);
        Assert.Contains("line 2", problem!.Message, StringComparison.Ordinal);
        Assert.Contains("after $.comment", problem.Message, StringComparison.Ordinal);
    }
}
