using System.Text;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Iso.Web.Documents.Rendering;

/// <summary>What a document renders to: safe HTML, the codes it references, and those that name no effective document.</summary>
public sealed record RenderedMarkdown(string Html, IReadOnlyList<string> References, IReadOnlyList<string> DanglingReferences);

/// <summary>
/// Markdown of controlled documents to HTML, built from the extensions documents need — pipe and grid tables, list
/// extras, footnotes, headings with anchors (ASCII ids: "Mục đích" → <c>doc-muc-dich</c>), task lists, emphasis extras, plain-URL links and <c>[[CODE]]</c>
/// cross-references — and nothing else: no generic attributes (<c>{onclick=…}</c>), no media links (iframes), no raw
/// HTML. After parsing, every link and image is checked (<see cref="SafeLinks"/>) and a refused one becomes its text;
/// heading ids get the <c>doc-</c> prefix; the HTML then passes <see cref="DocumentHtmlSanitizer"/>. Thread-safe.
/// </summary>
public sealed class DocumentMarkdown(DocumentHtmlSanitizer sanitizer)
{
    public const string HeadingIdPrefix = "doc-";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseListExtras()
        .UseFootnotes()
        .UseAutoIdentifiers(AutoIdentifierOptions.AutoLink | AutoIdentifierOptions.AllowOnlyAscii)
        .UseTaskLists()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .Use<CrossReferenceExtension>()
        .DisableHtml()
        .Build();

    /// <summary>The codes a text references, upper case, in order of first appearance.</summary>
    public static IReadOnlyList<string> ReferencesOf(string markdown) =>
        [.. Markdown.Parse(markdown ?? string.Empty, Pipeline).Descendants<CrossReferenceInline>().Select(x => x.Code).Distinct(StringComparer.Ordinal)];

    /// <summary>Renders <paramref name="markdown"/>; <paramref name="resolve"/> gets the referenced codes and answers
    /// where each effective document is read (codes missing from its answer are dangling).</summary>
    public async Task<RenderedMarkdown> RenderAsync(
        string markdown, Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, string>>> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var document = Markdown.Parse(markdown ?? string.Empty, Pipeline);
        var references = document.Descendants<CrossReferenceInline>().ToList();
        var codes = references.Select(x => x.Code).Distinct(StringComparer.Ordinal).ToList();
        var targets = codes.Count == 0 ? new Dictionary<string, string>() : await resolve(codes);
        foreach (var reference in references)
        {
            reference.Href = targets.TryGetValue(reference.Code, out var href) && SafeLinks.IsAllowed(href) ? href : null;
        }

        Secure(document);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return new RenderedMarkdown(
            sanitizer.Sanitize(writer.ToString()),
            codes,
            [.. codes.Where(c => !targets.ContainsKey(c))]);
    }

    /// <summary>Drops every link and image whose target is not allowed (keeping its text) and gives headings
    /// <c>doc-</c> ids made of ASCII ("Mục đích" → <c>doc-muc-dich</c>), rewriting links to the old anchors.</summary>
    private static void Secure(MarkdownDocument document)
    {
        var anchors = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var attributes = heading.GetAttributes();
            var slug = Slug(PlainText(heading.Inline));
            var id = slug.Length == 0 ? "muc" : slug;
            for (var n = 1; !used.Add(id); n++)
            {
                id = $"{slug}-{n}";
            }

            if (attributes.Id is { Length: > 0 } old)
            {
                anchors.TryAdd(old, HeadingIdPrefix + id);
            }

            anchors.TryAdd(id, HeadingIdPrefix + id);
            attributes.Id = HeadingIdPrefix + id;
        }

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!SafeLinks.IsAllowed(link.Url))
            {
                Unwrap(link);
            }
            else if (link.Url is ['#', .. var fragment] && anchors.TryGetValue(fragment, out var anchor))
            {
                link.Url = "#" + anchor;
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!SafeLinks.IsAllowed(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }
    }

    private static string PlainText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        foreach (var leaf in inline?.Descendants<LeafInline>() ?? [])
        {
            text.Append(leaf switch
            {
                LiteralInline literal => literal.Content.ToString(),
                CodeInline code => code.Content,
                CrossReferenceInline reference => reference.Code,
                _ => " ",
            });
        }

        return text.ToString();
    }

    /// <summary>Lower-case ASCII letters and digits joined by hyphens; Vietnamese marks are dropped and đ becomes d.</summary>
    internal static string Slug(string text)
    {
        var folded = text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if ((char.IsWhiteSpace(c) || c is '-' or '_' or '.' or '/') && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }

    /// <summary>A refused link becomes its text; a refused image its alt text.</summary>
    private static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }

        link.Remove();
    }
}
