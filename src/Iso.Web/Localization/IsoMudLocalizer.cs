using Iso.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Iso.Web.Localization;

/// <summary>MudBlazor's own words (the pager's "Previous page", "Current page 1", the date picker's "Open", a dialog's
/// "Close dialog"…) in Vietnamese: MudBlazor ships English only. Its default interceptor asks this localizer for every
/// culture but English, under MudBlazor's keys (<c>MudPagination_CurrentPage</c>…), kept in
/// <c>SharedResource.resx</c>; a key missing there falls back to MudBlazor's English. English keeps MudBlazor's texts.</summary>
public sealed class IsoMudLocalizer(IStringLocalizer<SharedResource> localizer) : MudLocalizer
{
    public override LocalizedString this[string key] => localizer[key];

    public override LocalizedString this[string key, params object[] arguments] => localizer[key, arguments];
}
