using MudBlazor;

namespace Iso.Web.Components.Layout;

/// <summary>The product theme. Fonts come from the operating system: agencies' networks are often
/// closed, so nothing (not even a web font) may be loaded from outside the app.</summary>
public static class IsoTheme
{
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Noto Sans", "Liberation Sans", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = Create();

    private static MudTheme Create()
    {
        var theme = new MudTheme
        {
            PaletteLight = new PaletteLight
            {
                Primary = "#b71c1c",
                Secondary = "#1565c0",
                AppbarBackground = "#b71c1c",
            },
        };

        var typography = theme.Typography;
        BaseTypography[] all =
        [
            typography.Default, typography.H1, typography.H2, typography.H3, typography.H4, typography.H5, typography.H6,
            typography.Subtitle1, typography.Subtitle2, typography.Body1, typography.Body2, typography.Button,
            typography.Caption, typography.Overline,
        ];
        foreach (var typo in all)
        {
            typo.FontFamily = SystemFonts;
        }

        return theme;
    }
}
