using Iso.Workflows.Definitions;

namespace Iso.Workflows.Tests.Definitions;

public sealed class VariableValuesTests
{
    [Fact]
    public void Serialize_NoVariables_IsAnEmptyObject()
    {
        Assert.Equal("{}", VariableValues.Serialize(new Dictionary<string, object?>()));
    }

    [Fact]
    public void Serialize_KeepsOrderAndTheWriterEscaping()
    {
        var json = VariableValues.Serialize(new Dictionary<string, object?> { ["b"] = "Đạt <ok>", ["a"] = 2.5, ["c"] = true, ["d"] = null });

        Assert.Equal("{\"b\":\"\\u0110\\u1EA1t \\u003Cok\\u003E\",\"a\":2.5,\"c\":true,\"d\":null}", json);
    }

    [Fact]
    public void SerializeThenDeserialize_LongAndShortValues_RoundTrip()
    {
        var longText = string.Concat(Enumerable.Repeat("Ý kiến thẩm định ", 3_000));
        var values = new Dictionary<string, object?> { ["long"] = longText, ["n"] = 0.1 + 0.2, ["neg"] = -1e300, ["flag"] = false, ["none"] = null };

        var big = VariableValues.Serialize(values);
        var small = VariableValues.Serialize(new Dictionary<string, object?> { ["x"] = "một" });

        Assert.Equal(values, VariableValues.Deserialize(big));
        Assert.Equal(new Dictionary<string, object?> { ["x"] = "một" }, VariableValues.Deserialize(small));
        Assert.Equal(big, VariableValues.Serialize(VariableValues.Deserialize(big)));
    }
}
