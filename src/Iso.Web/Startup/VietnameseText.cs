using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Iso.Web.Startup;

/// <summary>Vietnamese letters are written as UTF-8 in pages and JSON, not as numeric character references
/// (<c>&amp;#x1EC7;</c>, <c>\u1EC7</c>): the encoders allow the Latin ranges Vietnamese uses. HTML-sensitive
/// characters (&lt; &gt; &amp; quotes) are still escaped.</summary>
internal static class VietnameseText
{
    public static readonly UnicodeRange[] Ranges =
    [
        UnicodeRanges.BasicLatin,
        UnicodeRanges.Latin1Supplement,
        UnicodeRanges.LatinExtendedA,
        UnicodeRanges.LatinExtendedB,
        UnicodeRanges.LatinExtendedAdditional,
        UnicodeRanges.CombiningDiacriticalMarks,
        UnicodeRanges.GeneralPunctuation,
        UnicodeRanges.CurrencySymbols,
    ];

    public static JavaScriptEncoder JsonEncoder { get; } = JavaScriptEncoder.Create(Ranges);

    public static IServiceCollection AddVietnameseText(this IServiceCollection services)
    {
        // Replace, not TryAdd: whichever framework registration came first must not win. URLs keep percent-encoding.
        services.Replace(ServiceDescriptor.Singleton(HtmlEncoder.Create(Ranges)));
        services.Replace(ServiceDescriptor.Singleton<JavaScriptEncoder>(JsonEncoder));
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Encoder = JsonEncoder);
        return services;
    }
}
