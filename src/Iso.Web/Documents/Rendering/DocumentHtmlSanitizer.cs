using AngleSharp.Dom;
using Ganss.Xss;

namespace Iso.Web.Documents.Rendering;

/// <summary>
/// The second wall after the parsed-document checks: HtmlSanitizer allowing exactly the markup our pipeline emits —
/// its tags, its attributes (no <c>style</c>, no event handlers, no <c>data-</c>), its classes, and ids only with the
/// prefixes it gives them (<c>doc-</c> headings, <c>fn:</c> / <c>fnref:</c> footnotes) so that a document cannot
/// clobber an element of the page around it. URL schemes: http, https, mailto (and relative, in-app URLs).
/// </summary>
public sealed class DocumentHtmlSanitizer
{
    public static IReadOnlyList<string> IdPrefixes { get; } = ["doc-", "fn:", "fnref:"];

    public static IReadOnlySet<string> Classes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "iso-xref", "iso-xref-missing", "contains-task-list", "task-list-item", "task-list-item-checkbox",
        "footnotes", "footnote-ref", "footnote-back-ref",
    };

    private readonly HtmlSanitizer _sanitizer;

    public DocumentHtmlSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code", "hr", "br",
                "em", "strong", "del", "ins", "mark", "sub", "sup", "a", "img", "span", "div",
                "table", "thead", "tbody", "tr", "th", "td", "input",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "title", "src", "alt", "id", "class", "type", "start", "checked", "disabled", "colspan", "rowspan",
            },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedClasses = new HashSet<string>(Classes, StringComparer.Ordinal),
            // No CSS at all: an author must not be able to lay a transparent layer over the page's buttons.
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowDataAttributes = false,
        };
        _sanitizer = new HtmlSanitizer(options);
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
            {
                return;
            }

            if (element.GetAttribute("id") is { } id && !IdPrefixes.Any(p => id.StartsWith(p, StringComparison.Ordinal)))
            {
                element.RemoveAttribute("id");
            }

            // The only input the pipeline makes is a task list's read-only checkbox.
            if (element.LocalName == "input")
            {
                if (!string.Equals(element.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase))
                {
                    element.Remove();
                    return;
                }

                element.SetAttribute("disabled", "disabled");
            }
        };
    }

    public string Sanitize(string html) => _sanitizer.Sanitize(html);
}
