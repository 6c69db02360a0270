using System.Globalization;
using Iso.Web.Localization;

namespace Iso.Web.Tests.Localization;

public sealed class IsoCulturesTests
{
    [Theory]
    [InlineData("vi", IsoCultures.Vietnamese)]
    [InlineData("VI-vn", IsoCultures.Vietnamese)]
    [InlineData("en", IsoCultures.English)]
    [InlineData("en-US", IsoCultures.English)]
    [InlineData("fr", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Resolve_MapsOnlySupportedLanguages(string? input, string? expected) => Assert.Equal(expected, IsoCultures.Resolve(input));

    [Fact]
    public void Vietnamese_FormatsDatesAsDayMonthYear() =>
        Assert.Equal("05/03/2026", new DateOnly(2026, 3, 5).ToString("d", CultureInfo.GetCultureInfo(IsoCultures.Vietnamese)));
}
