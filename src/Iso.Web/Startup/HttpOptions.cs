using System.ComponentModel.DataAnnotations;

namespace Iso.Web.Startup;

/// <summary><c>Iso:Http</c>: request limits and the reverse proxies whose <c>X-Forwarded-*</c> headers are trusted.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Iso:Http";

    /// <summary>Largest request body in bytes (Kestrel, and the JSON door of the API). 1 MB by default.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest nesting of a JSON request body.</summary>
    [Range(4, 64)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Addresses of the reverse proxies in front of the app (e.g. "10.0.0.5"); loopback is always trusted.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of the reverse proxies in CIDR form (e.g. "10.0.0.0/24").</summary>
    public IList<string> KnownNetworks { get; } = [];
}
