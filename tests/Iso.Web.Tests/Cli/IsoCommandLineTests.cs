using Iso.Web.Cli;

namespace Iso.Web.Tests.Cli;

public sealed class IsoCommandLineTests
{
    [Fact]
    public async Task UnknownVerb_PrintsUsageOnStderr_AndExitsWithTwo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await IsoCommandLine.RunAsync(["frobnicate"], _ => throw new InvalidOperationException("web app must not start"), output, error);

        Assert.Equal(IsoCommandLine.UsageErrorExitCode, exitCode);
        Assert.Contains("'frobnicate'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("migrate", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("seed", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:5055")]
    public async Task NoVerb_RunsTheWebApp_WithAllArguments(params string[] args)
    {
        string[]? received = null;

        var exitCode = await IsoCommandLine.RunAsync(args, a => { received = a; return Task.FromResult(0); }, TextWriter.Null, TextWriter.Null);

        Assert.Equal(0, exitCode);
        Assert.Equal(args, received);
    }

    [Fact]
    public async Task Help_PrintsUsageOnStdout()
    {
        using var output = new StringWriter();

        var exitCode = await IsoCommandLine.RunAsync(["help"], _ => Task.FromResult(1), output, TextWriter.Null);

        Assert.Equal(0, exitCode);
        Assert.Contains("dotnet run --project src/Iso.Web -- migrate", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CliVerb_WithSeveralWords_MatchesOnlyTheFullPhrase()
    {
        var verb = new CliVerb("workflows validate", "<path>", "", _ => Task.FromResult(0));

        Assert.True(verb.Matches(["workflows", "validate", "a.json"]));
        Assert.True(verb.Matches(["Workflows", "VALIDATE"]));
        Assert.False(verb.Matches(["workflows"]));
        Assert.False(verb.Matches(["workflows", "list"]));
    }
}
