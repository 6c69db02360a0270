using System.Globalization;
using Iso.Web.Components;
using Iso.Web.Resources;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Iso.Web.Tests.Components;

/// <summary>Dates typed in a text field: dd/MM/yyyy (and dd/MM/yyyy HH:mm) in both languages, with a sentence for what
/// is wrong.</summary>
public sealed class DateTextTests
{
    public DateTextTests() => IsoTestServices.UseCulture("vi-VN");

    [Theory]
    [InlineData("05/11/2026", 2026, 11, 5)]
    [InlineData("5/1/2026", 2026, 1, 5)]
    [InlineData("05-11-2026", 2026, 11, 5)]
    [InlineData("05.11.2026", 2026, 11, 5)]
    [InlineData("05112026", 2026, 11, 5)]
    [InlineData("29/02/2028", 2028, 2, 29)]
    [InlineData(" 31/12/2026 ", 2026, 12, 31)]
    public void Parse_ReadsDayMonthYear(string text, int year, int month, int day)
    {
        var parsed = DateText.Parse(text, Localizer());

        Assert.Equal((new DateOnly(year, month, day), (string?)null), (parsed.Date, parsed.Error));
        Assert.Equal(DateText.Format(parsed.Date), new DateOnly(year, month, day).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Blank_IsNoDateAndNoError(string? text) =>
        Assert.Equal(new ParsedDate(null, null), DateText.Parse(text, Localizer()));

    [Theory]
    [InlineData("31/02/2026", "Tháng 02/2026 không có ngày 31: tháng này có 28 ngày.")]
    [InlineData("00/05/2026", "Tháng 05/2026 không có ngày 0: tháng này có 31 ngày.")]
    [InlineData("15/00/2026", "Không có tháng 0: tháng từ 1 đến 12.")]
    [InlineData("15/13/2026", "Không có tháng 13: tháng từ 1 đến 12.")]
    [InlineData("15/11/26", "Năm cần đủ 4 chữ số, ví dụ 05/11/2026.")]
    [InlineData("15/11/0000", "Năm cần đủ 4 chữ số, ví dụ 05/11/2026.")]
    [InlineData("abc", "“abc” không phải là ngày: nhập theo dạng dd/MM/yyyy, ví dụ 05/11/2026.")]
    [InlineData("11/05/2026 10:00", "“11/05/2026 10:00” không phải là ngày: nhập theo dạng dd/MM/yyyy, ví dụ 05/11/2026.")]
    [InlineData("١٢/١١/٢٠٢٦", "“١٢/١١/٢٠٢٦” không phải là ngày: nhập theo dạng dd/MM/yyyy, ví dụ 05/11/2026.")]
    public void Parse_Invalid_SaysWhatIsWrong(string text, string error)
    {
        var parsed = DateText.Parse(text, Localizer());

        Assert.Equal((null, error), (parsed.Date, parsed.Error));
        Assert.False(parsed.IsValid);
    }

    [Fact]
    public void Parse_InEnglish_IsStillDayMonthYear()
    {
        IsoTestServices.UseCulture("en-US");

        Assert.Equal(new DateOnly(2026, 11, 5), DateText.Parse("05/11/2026", Localizer()).Date);
        Assert.Equal("Month 02/2026 has no day 30: it has 28 days.", DateText.Parse("30/02/2026", Localizer()).Error);
    }

    [Theory]
    [InlineData("05/11/2026 14:30", 14, 30)]
    [InlineData("5/11/2026 8:05", 8, 5)]
    [InlineData("05/11/2026, 14h30", 14, 30)]
    [InlineData("05/11/2026 14.30", 14, 30)]
    public void ParseMoment_ReadsDayMonthYearHourMinute(string text, int hour, int minute) =>
        Assert.Equal((new DateTime(2026, 11, 5, hour, minute, 0), (string?)null), DateText.ParseMoment(text, Localizer()));

    [Theory]
    [InlineData("05/11/2026", "Thiếu giờ: nhập theo dạng dd/MM/yyyy HH:mm, ví dụ 05/11/2026 14:30.")]
    [InlineData("05/11/2026 24:00", "Không có giờ 24:00: giờ từ 00:00 đến 23:59.")]
    [InlineData("05/11/2026 10:60", "Không có giờ 10:60: giờ từ 00:00 đến 23:59.")]
    [InlineData("31/11/2026 10:00", "Tháng 11/2026 không có ngày 31: tháng này có 30 ngày.")]
    [InlineData("hôm nay", "“hôm nay” không phải là ngày giờ: nhập theo dạng dd/MM/yyyy HH:mm, ví dụ 05/11/2026 14:30.")]
    public void ParseMoment_Invalid_SaysWhatIsWrong(string text, string error) =>
        Assert.Equal((null, error), DateText.ParseMoment(text, Localizer()));

    [Fact]
    public void ParseMoment_Blank_IsNoMoment() =>
        Assert.Equal((null, null), DateText.ParseMoment(" ", Localizer()));

    private static IStringLocalizer<SharedResource> Localizer() =>
        new ServiceCollection().AddLocalization().AddLogging().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
}
