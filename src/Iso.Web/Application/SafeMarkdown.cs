using Ganss.Xss;
using Markdig;

namespace Iso.Web.Application;

/// <summary>
/// Markdown written by people (a step's instructions) as HTML that is safe to put in a page: Markdig with raw HTML
/// disabled (typed tags come out as text), then HtmlSanitizer over the result as a second wall: no script, no style,
/// no event attributes, and links only to http, https and mailto addresses (a relative or other-scheme link loses its
/// address). One instance serves the whole app.
/// </summary>
public sealed class SafeMarkdown
{
    private static readonly HashSet<string> AllowedSchemes = new(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase);

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var html = Markdown.ToHtml(markdown, _pipeline);
        // HtmlSanitizer is documented as safe to share once configured; its events are set up here only.
        return _sanitizer.Sanitize(html);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in AllowedSchemes)
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }

        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("class");
        sanitizer.AllowedAttributes.Remove("id");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowDataAttributes = false;
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.AllowedTags.Remove("img");
        // Only absolute addresses with an allowed scheme: "javascript:" in any disguise (entities, case, white space,
        // control characters) does not parse as one of them, and relative addresses have no business in instructions.
        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.SanitizedUrl is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !AllowedSchemes.Contains(uri.Scheme))
            {
                e.SanitizedUrl = null;
            }
        };
        return sanitizer;
    }
}
