using Iso.Web.Startup;

namespace Iso.Web.Tests.Startup;

public sealed class LaunchEnvironmentTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void LaunchProfile_AloneGivesDevelopment()
    {
        Assert.Equal("Development", LaunchEnvironment.Resolve([], Variables((LaunchEnvironment.Variable, "Development"))));
    }

    [Theory]
    [InlineData("ASPNETCORE_ENVIRONMENT")]
    [InlineData("DOTNET_ENVIRONMENT")]
    public void ExplicitEnvironmentVariable_WinsOverTheLaunchProfile(string variable)
    {
        Assert.Null(LaunchEnvironment.Resolve([], Variables((LaunchEnvironment.Variable, "Development"), (variable, "Production"))));
    }

    [Theory]
    [InlineData("--environment", "Production")]
    [InlineData("--environment=Production")]
    [InlineData("--ENVIRONMENT", "Production")]
    public void EnvironmentArgument_WinsOverTheLaunchProfile(params string[] args)
    {
        Assert.Null(LaunchEnvironment.Resolve(args, Variables((LaunchEnvironment.Variable, "Development"))));
    }

    [Fact]
    public void PublishedBuild_WithoutProfile_IsLeftToTheDefault()
    {
        Assert.Null(LaunchEnvironment.Resolve(["--urls", "http://127.0.0.1:5080"], Variables()));
    }
}
