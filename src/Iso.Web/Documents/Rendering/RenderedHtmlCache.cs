using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Iso.Web.Documents.Rendering;

/// <summary>
/// The rendered, sanitised HTML of issued (immutable) document versions, in memory with a size bound (least recently
/// used entries leave first). What a render produces depends on two things only: the Markdown text and where each of
/// its <c>[[CODE]]</c> references points (the resolver's answer, read from the database on every view). So an entry is
/// keyed by both — the SHA-256 of the text and the resolved targets — and never needs invalidating: when a referenced
/// document is revised, made obsolete, or a dangling code gets an effective version, the resolver answers differently,
/// the key changes and the next view renders afresh; the stale entry ages out. The codes a text references are kept too
/// (keyed by the text's hash), so that a cached view does not parse the Markdown at all. Thread-safe.
/// </summary>
public sealed class RenderedHtmlCache : IDisposable
{
    private readonly MemoryCache _entries;

    public RenderedHtmlCache(IOptions<DocumentOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value.RenderedHtmlCacheBytes)
    {
    }

    /// <param name="capacityBytes">Roughly how much memory the cached HTML may take (UTF-16: two bytes a character).</param>
    public RenderedHtmlCache(long capacityBytes) =>
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, capacityBytes), CompactionPercentage = 0.25 });

    /// <summary>Renders that were answered from the cache, and those that were not (for tests and the benchmark).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    private long _hits;
    private long _misses;

    /// <summary>SHA-256 of the text (its UTF-16 code units), hex.</summary>
    public static string Fingerprint(string markdown) =>
        Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes((markdown ?? string.Empty).AsSpan())));

    /// <summary>The cache key of a text rendered with these targets: its fingerprint, then each referenced code with the
    /// target it resolved to (or none). Codes hold only letters, digits and <c>- _ . /</c>, so the separators are
    /// unambiguous.</summary>
    public static string Key(string fingerprint, IReadOnlyList<string> codes, IReadOnlyDictionary<string, string> targets)
    {
        var key = new StringBuilder(fingerprint, fingerprint.Length + (codes.Count * 60));
        foreach (var code in codes)
        {
            key.Append('\n').Append(code).Append('\t').Append(targets.TryGetValue(code, out var href) ? href : "\u0000");
        }

        return key.ToString();
    }

    public IReadOnlyList<string>? CodesOf(string fingerprint) =>
        _entries.TryGetValue(("codes", fingerprint), out IReadOnlyList<string>? codes) ? codes : null;

    public void SetCodes(string fingerprint, IReadOnlyList<string> codes) =>
        _entries.Set(("codes", fingerprint), codes, new MemoryCacheEntryOptions { Size = 64 + codes.Sum(c => (c.Length * 2) + 32) });

    public bool TryGet(string key, out RenderedMarkdown rendered)
    {
        if (_entries.TryGetValue(("html", key), out RenderedMarkdown? found) && found is not null)
        {
            Interlocked.Increment(ref _hits);
            rendered = found;
            return true;
        }

        Interlocked.Increment(ref _misses);
        rendered = null!;
        return false;
    }

    public void Set(string key, RenderedMarkdown rendered)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        _entries.Set(("html", key), rendered, new MemoryCacheEntryOptions { Size = 256 + ((rendered.Html.Length + key.Length) * 2L) });
    }

    public void Dispose() => _entries.Dispose();
}
