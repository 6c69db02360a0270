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
/// heading ids get the <c>doc-</c> prefix; the HTML then passes <see cref="DocumentHtmlSanitizer"/>. Issued versions
/// (immutable) are rendered through <see cref="RenderIssuedAsync"/>, which keeps the result in
/// <see cref="RenderedHtmlCache"/> keyed by the text and the resolved references. Thread-safe.
/// </summary>
public sealed class DocumentMarkdown
{
    public const string HeadingIdPrefix = "doc-";

    private static readonly IReadOnlyDictionary<string, string> NoTargets = new Dictionary<string, string>();

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

    private readonly DocumentHtmlSanitizer _sanitizer;
    private readonly RenderedHtmlCache? _cache;

    /// <summary>Without a cache: every call renders (the benchmark's cold path).</summary>
    public DocumentMarkdown(DocumentHtmlSanitizer sanitizer)
        : this(sanitizer, null)
    {
    }

    public DocumentMarkdown(DocumentHtmlSanitizer sanitizer, RenderedHtmlCache? cache)
    {
        _sanitizer = sanitizer ?? throw new ArgumentNullException(nameof(sanitizer));
        _cache = cache;
    }

    /// <summary>The codes a text references, upper case, in order of first appearance.</summary>
    public static IReadOnlyList<string> ReferencesOf(string markdown) => Parsed.Of(markdown).Codes;

    /// <summary>Renders <paramref name="markdown"/>; <paramref name="resolve"/> gets the referenced codes and answers
    /// where each effective document is read (codes missing from its answer are dangling).</summary>
    public async Task<RenderedMarkdown> RenderAsync(
        string markdown, Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, string>>> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var parsed = Parsed.Of(markdown);
        var targets = parsed.Codes.Count == 0 ? NoTargets : await resolve(parsed.Codes);
        return Render(parsed, targets);
    }

    /// <summary>
    /// Renders the text of an issued version (effective, superseded or obsolete: the database refuses to change it) through
    /// the cache: the references are resolved on every call (one query), and the HTML is rendered only when this text has
    /// not been rendered with these very targets before. The same result as <see cref="RenderAsync"/>.
    /// </summary>
    public async Task<RenderedMarkdown> RenderIssuedAsync(
        string markdown, Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, string>>> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        if (_cache is null)
        {
            return await RenderAsync(markdown, resolve);
        }

        markdown ??= string.Empty;
        var fingerprint = RenderedHtmlCache.Fingerprint(markdown);
        Parsed? parsed = null;
        var codes = _cache.CodesOf(fingerprint);
        if (codes is null)
        {
            parsed = Parsed.Of(markdown);
            codes = parsed.Codes;
            _cache.SetCodes(fingerprint, codes);
        }

        var targets = codes.Count == 0 ? NoTargets : await resolve(codes);
        var key = RenderedHtmlCache.Key(fingerprint, codes, targets);
        if (_cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var rendered = Render(parsed ?? Parsed.Of(markdown), targets);
        _cache.Set(key, rendered);
        return rendered;
    }

    private RenderedMarkdown Render(Parsed parsed, IReadOnlyDictionary<string, string> targets)
    {
        foreach (var reference in parsed.References)
        {
            reference.Href = targets.TryGetValue(reference.Code, out var href) && SafeLinks.IsAllowed(href) ? href : null;
        }

        Secure(parsed);
        using var writer = new StringWriter(new StringBuilder(parsed.Length + (parsed.Length / 2)));
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(parsed.Document);
        writer.Flush();
        return new RenderedMarkdown(
            _sanitizer.Sanitize(writer.ToString()),
            parsed.Codes,
            [.. parsed.Codes.Where(c => !targets.ContainsKey(c))]);
    }

    /// <summary>A parsed text and what the checks need from it, gathered in one walk of the syntax tree.</summary>
    private sealed class Parsed
    {
        public required MarkdownDocument Document { get; init; }

        public required int Length { get; init; }

        public List<HeadingBlock> Headings { get; } = [];

        public List<LinkInline> Links { get; } = [];

        public List<AutolinkInline> Autolinks { get; } = [];

        public List<CrossReferenceInline> References { get; } = [];

        public IReadOnlyList<string> Codes { get; private set; } = [];

        public static Parsed Of(string? markdown)
        {
            markdown ??= string.Empty;
            var parsed = new Parsed { Document = Markdown.Parse(markdown, Pipeline), Length = markdown.Length };
            foreach (var node in parsed.Document.Descendants())
            {
                switch (node)
                {
                    case HeadingBlock heading:
                        parsed.Headings.Add(heading);
                        break;
                    case LinkInline link:
                        parsed.Links.Add(link);
                        break;
                    case AutolinkInline autolink:
                        parsed.Autolinks.Add(autolink);
                        break;
                    case CrossReferenceInline reference:
                        parsed.References.Add(reference);
                        break;
                }
            }

            parsed.Codes = [.. parsed.References.Select(x => x.Code).Distinct(StringComparer.Ordinal)];
            return parsed;
        }
    }

    /// <summary>Drops every link and image whose target is not allowed (keeping its text) and gives headings
    /// <c>doc-</c> ids made of ASCII ("Mục đích" → <c>doc-muc-dich</c>), rewriting links to the old anchors.</summary>
    private static void Secure(Parsed parsed)
    {
        var anchors = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var heading in parsed.Headings)
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

        foreach (var link in parsed.Links)
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

        foreach (var autolink in parsed.Autolinks)
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
