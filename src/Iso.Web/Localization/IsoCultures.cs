using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Iso.Web.Localization;

/// <summary>The UI languages: Vietnamese (default, dd/MM/yyyy) and English.</summary>
public static class IsoCultures
{
    public const string Vietnamese = "vi-VN";
    public const string English = "en-US";

    public static IReadOnlyList<string> Supported { get; } = [Vietnamese, English];

    /// <summary>Maps "vi", "vi-VN", "en", "en-US" (any case) to a supported culture name; null otherwise.</summary>
    public static string? Resolve(string? culture) =>
        culture?.Trim().ToUpperInvariant() switch
        {
            "VI" or "VI-VN" => Vietnamese,
            "EN" or "EN-US" => English,
            _ => null,
        };

    public static IServiceCollection AddIsoLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(Vietnamese);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // Only the person's explicit choice counts: browsers here often send en-US, but the product speaks Vietnamese.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }
}
