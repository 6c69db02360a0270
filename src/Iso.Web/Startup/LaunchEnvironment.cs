namespace Iso.Web.Startup;

/// <summary>The environment a developer's <c>dotnet run</c> gets from <c>Properties/launchSettings.json</c>, without
/// overriding one set explicitly. <c>dotnet run</c> overwrites the variables a launch profile names, so the profile
/// names its own, <c>ISO_LAUNCH_ENVIRONMENT</c>, which counts only when neither <c>ASPNETCORE_ENVIRONMENT</c>,
/// <c>DOTNET_ENVIRONMENT</c> nor <c>--environment</c> says otherwise.</summary>
internal static class LaunchEnvironment
{
    public const string Variable = "ISO_LAUNCH_ENVIRONMENT";

    /// <summary>The environment to impose on the builder, or null to let ASP.NET Core resolve it as usual.</summary>
    public static string? Resolve(IReadOnlyList<string> args, Func<string, string?> environmentVariable)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environmentVariable);

        var explicitlySet =
            args.Any(a => a.TrimStart('-', '/').StartsWith("environment", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrWhiteSpace(environmentVariable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrWhiteSpace(environmentVariable("DOTNET_ENVIRONMENT"));
        var fromProfile = environmentVariable(Variable);
        return explicitlySet || string.IsNullOrWhiteSpace(fromProfile) ? null : fromProfile.Trim();
    }
}
