using Bunit;
using Iso.Web.Localization;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Iso.Web.Tests.Localization;

/// <summary>MudBlazor's own words (pager, date picker, dialogs) speak the reader's language: Vietnamese from the product's
/// resources, English as MudBlazor ships it.</summary>
public sealed class MudLocalizationTests : BunitContext
{
    public MudLocalizationTests() => this.AddIsoTestServices();

    [Fact]
    public void Pagination_InVietnamese_LabelsItsButtonsInVietnamese()
    {
        IsoTestServices.UseCulture("vi-VN");

        var cut = Render<MudPagination>(p => p.Add(x => x.Count, 3).Add(x => x.Selected, 2).Add(x => x.ShowFirstButton, true).Add(x => x.ShowLastButton, true));

        var labels = cut.FindAll("[aria-label]").Select(e => e.GetAttribute("aria-label")).ToList();
        Assert.Equal(["Trang đầu", "Trang trước", "Trang 1", "Trang 2, trang đang xem", "Trang 3", "Trang sau", "Trang cuối"], labels);
        Assert.DoesNotContain(labels, l => l!.Contains("page", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Pagination_InEnglish_KeepsMudBlazorsEnglish()
    {
        IsoTestServices.UseCulture("en-US");

        var cut = Render<MudPagination>(p => p.Add(x => x.Count, 3).Add(x => x.Selected, 2));

        var labels = cut.FindAll("[aria-label]").Select(e => e.GetAttribute("aria-label")).ToList();
        Assert.Contains("Previous page", labels);
        Assert.Contains("Current page 2", labels);
        Assert.Contains("Page 3", labels);
    }

    [Fact]
    public void DatePicker_InVietnamese_NamesItsCalendarButtonInVietnamese()
    {
        IsoTestServices.UseCulture("vi-VN");

        var cut = Render<MudDatePicker>(p => p.Add(x => x.Label, "Ngày"));

        Assert.Equal("Mở lịch chọn ngày", cut.Find(".mud-input-adornment button").GetAttribute("aria-label"));
    }

    [Fact]
    public void AKeyTheProductDoesNotTranslate_FallsBackToMudBlazorsEnglish()
    {
        IsoTestServices.UseCulture("vi-VN");
        var localizer = Services.GetRequiredService<MudLocalizer>();

        Assert.IsType<IsoMudLocalizer>(localizer);
        Assert.True(localizer["MudColorPicker_HueSlider"].ResourceNotFound);
        Assert.Equal("Trang 4", localizer["MudPagination_PageIndex", 4].Value);
    }
}
