using Iso.Web.Auth;

namespace Iso.Web.Tests.Auth;

public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/to-chuc?x=1", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("to-chuc", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("/a\r\nLocation: x", false)]
    public void IsLocal_AcceptsOnlyPathsOfThisSite(string? url, bool expected) => Assert.Equal(expected, LocalUrl.IsLocal(url));
}
