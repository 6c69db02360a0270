using Iso.Data;

namespace Iso.Web.Cli;

/// <summary>What a verb receives: the arguments after the verb words, the output streams and a way
/// to get the product's services configured exactly as the web app configures them.</summary>
public sealed class CliInvocation(IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
{
    public IReadOnlyList<string> Arguments { get; } = arguments;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Builds (but does not start) an application with the data layer, reading the same
    /// configuration sources as the web app (appsettings, environment, <c>--Iso:DataDirectory=…</c>).</summary>
    public WebApplication BuildApplication(Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder([.. Arguments]);
        builder.Services.AddIsoData(builder.Configuration);
        configure?.Invoke(builder);
        return builder.Build();
    }
}
