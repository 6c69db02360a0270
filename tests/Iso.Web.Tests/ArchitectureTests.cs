using Iso.Data;
using Iso.Web.Application;
using Iso.Workflows.Runtime;
using NetArchTest.Rules;

namespace Iso.Web.Tests;

/// <summary>The dependency rules: the engine knows neither the data layer nor the web; the data layer knows no web;
/// pages, components and endpoints reach data through use-case services, never through the DbContext.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] DbContexts =
        [typeof(IsoDbContext).FullName!, typeof(SqliteIsoDbContext).FullName!, typeof(PostgreSqlIsoDbContext).FullName!];

    [Fact]
    public void Workflows_DependsNeitherOnDataNorOnWeb() =>
        AssertHolds(Types.InAssembly(typeof(WorkflowRuntime).Assembly).ShouldNot().HaveDependencyOnAny("Iso.Data", "Iso.Web").GetResult());

    [Fact]
    public void Data_DoesNotDependOnWeb() =>
        AssertHolds(Types.InAssembly(typeof(IsoDbContext).Assembly).ShouldNot().HaveDependencyOn("Iso.Web").GetResult());

    [Fact]
    public void PagesAndComponents_DoNotUseTheDbContext() =>
        AssertHolds(Types.InAssembly(typeof(Caller).Assembly)
            .That().ResideInNamespace("Iso.Web.Components")
            .ShouldNot().HaveDependencyOnAny(DbContexts)
            .GetResult());

    [Fact]
    public void Endpoints_DoNotUseTheDbContext() =>
        AssertHolds(Types.InAssembly(typeof(Caller).Assembly)
            .That().HaveNameEndingWith("Endpoints")
            .ShouldNot().HaveDependencyOnAny(DbContexts)
            .GetResult());

    /// <summary>The rules above would pass vacuously if the matcher did not see a dependency on the context; it does.</summary>
    [Fact]
    public void DbContextRule_SeesAUseOfTheContext()
    {
        var users = Types.InAssembly(typeof(Caller).Assembly).That().HaveDependencyOnAny(DbContexts).GetTypes().Select(t => t.FullName).ToList();

        Assert.Contains(typeof(CallerFactory).FullName, users);
        Assert.NotEmpty(Types.InAssembly(typeof(Caller).Assembly).That().ResideInNamespace("Iso.Web.Components").GetTypes());
        Assert.NotEmpty(Types.InAssembly(typeof(Caller).Assembly).That().HaveNameEndingWith("Endpoints").GetTypes());
    }

    private static void AssertHolds(NetArchTest.Rules.TestResult result) =>
        Assert.True(result.IsSuccessful, "Breaks the rule: " + string.Join(", ", result.FailingTypeNames ?? []));
}
