using System.Globalization;
using Iso.Workflows.Runtime;

namespace Iso.Workflows.Tests.Runtime;

public sealed class SequentialIdsTests
{
    [Fact]
    public void CreateVersion7_HasTheLayoutOfGuidCreateVersion7()
    {
        var at = new DateTimeOffset(2026, 11, 28, 12, 0, 0, 123, TimeSpan.Zero);

        var id = SequentialIds.CreateVersion7(at);
        var reference = Guid.CreateVersion7(at);

        Assert.Equal(7, id.Version);
        Assert.InRange(reference.Variant, 8, 11);
        Assert.InRange(id.Variant, 8, 11);
        Assert.Equal(reference.ToString("N")[..12], id.ToString("N")[..12]);
        Assert.Equal(at.ToUnixTimeMilliseconds(), long.Parse(id.ToString("N")[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void CreateVersion7_ManyIdsAcrossRandomBlocks_AreDistinctAndRandom()
    {
        var at = DateTimeOffset.UtcNow;
        var ids = new HashSet<Guid>();
        var randomTails = new HashSet<string>();
        for (var i = 0; i < 5_000; i++)
        {
            var id = SequentialIds.CreateVersion7(at);
            Assert.True(ids.Add(id));
            Assert.Equal(7, id.Version);
            Assert.InRange(id.Variant, 8, 11);
            randomTails.Add(id.ToString("N")[16..]);
        }

        Assert.Equal(5_000, randomTails.Count);
    }

    [Fact]
    public void CreateVersion7_LaterMillisecond_SortsAfter()
    {
        var at = DateTimeOffset.UtcNow;

        Assert.True(SequentialIds.CreateVersion7(at).CompareTo(SequentialIds.CreateVersion7(at.AddMilliseconds(1))) < 0);
    }

    [Fact]
    public void CreateVersion7_BeforeUnixEpoch_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SequentialIds.CreateVersion7(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));
    }
}
