using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Parsers.Inlines;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax.Inlines;

namespace Iso.Web.Documents.Rendering;

/// <summary><c>[[QT-02]]</c>: a reference to another document of the same agency by its code.</summary>
public sealed class CrossReferenceInline : LeafInline
{
    public required string Code { get; init; }

    /// <summary>Where the effective version of <see cref="Code"/> is read, or null when there is none (a dangling reference).</summary>
    public string? Href { get; set; }
}

/// <summary>Parses <c>[[CODE]]</c> before the link parser sees the brackets. A code is what document codes may be:
/// letters, digits and <c>- _ . /</c>, up to <see cref="MaxCodeLength"/> characters.</summary>
internal sealed class CrossReferenceParser : InlineParser
{
    public const int MaxCodeLength = 50;

    public CrossReferenceParser() => OpeningCharacters = ['['];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        if (slice.PeekCharExtra(1) != '[')
        {
            return false;
        }

        var text = slice.Text;
        var start = slice.Start + 2;
        var end = start;
        while (end <= slice.End && end - start <= MaxCodeLength && IsCodeChar(text[end]))
        {
            end++;
        }

        var length = end - start;
        if (length == 0 || length > MaxCodeLength || end + 1 > slice.End || text[end] != ']' || text[end + 1] != ']')
        {
            return false;
        }

        processor.Inline = new CrossReferenceInline
        {
            Code = text.Substring(start, length).ToUpperInvariant(),
            Span = new Markdig.Syntax.SourceSpan(processor.GetSourcePosition(slice.Start, out var line, out var column), processor.GetSourcePosition(end + 1)),
            Line = line,
            Column = column,
        };
        slice.Start = end + 2;
        return true;
    }

    private static bool IsCodeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/';
}

/// <summary>A resolved reference is a link to the effective version; a dangling one is marked text, never a link.</summary>
internal sealed class CrossReferenceRenderer : HtmlObjectRenderer<CrossReferenceInline>
{
    protected override void Write(HtmlRenderer renderer, CrossReferenceInline inline)
    {
        if (inline.Href is { } href)
        {
            renderer.Write("<a class=\"iso-xref\" href=\"").WriteEscapeUrl(href).Write("\">").WriteEscape(inline.Code).Write("</a>");
        }
        else
        {
            renderer.Write("<span class=\"iso-xref iso-xref-missing\">[[").WriteEscape(inline.Code).Write("]]</span>");
        }
    }
}

internal sealed class CrossReferenceExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.InlineParsers.Contains<CrossReferenceParser>())
        {
            pipeline.InlineParsers.InsertBefore<LinkInlineParser>(new CrossReferenceParser());
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && !html.ObjectRenderers.Contains<CrossReferenceRenderer>())
        {
            html.ObjectRenderers.Insert(0, new CrossReferenceRenderer());
        }
    }
}
