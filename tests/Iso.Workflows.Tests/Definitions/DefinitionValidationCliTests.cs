using Iso.Workflows.Definitions;
using Iso.Workflows.Tests.TestSupport;

namespace Iso.Workflows.Tests.Definitions;

public sealed class DefinitionValidationCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("iso-validate-").FullName;

    [Fact]
    public void Run_FolderOfValidDefinitions_ExitsZeroAndSkipsSchema()
    {
        File.WriteAllText(Path.Combine(_folder, "doc.json"), EngineHarness.Fixture("Runtime/Workflows/document-approval.json"));
        File.WriteAllText(Path.Combine(_folder, "schema.json"), "{ \"$schema\": \"https://json-schema.org/draft/2020-12/schema\" }");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = DefinitionValidationCli.Run(_folder, stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Contains("1 definition(s) valid.", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BrokenFile_PrintsOneLinePerProblemWithFileAndPathAndExitsOne()
    {
        var file = Path.Combine(_folder, "broken.json");
        File.WriteAllText(file, EngineHarness.Fixture("Definitions/Broken/unknown-target.json"));
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = DefinitionValidationCli.Run(file, stdout, stderr);

        Assert.Equal(1, exit);
        var line = Assert.Single(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"{file}: $.nodes[1].outcomes[0].to: Unknown target node 'nowhere'.", line.TrimEnd('\r'));
    }

    [Fact]
    public void Run_MalformedJson_ExitsOneWithoutThrowing()
    {
        var file = Path.Combine(_folder, "bad.json");
        File.WriteAllText(file, "{ \"key\": ");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = DefinitionValidationCli.Run(file, stdout, stderr);

        Assert.Equal(1, exit);
        Assert.Contains("Malformed JSON at line 1", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingPath_ExitsTwo()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = DefinitionValidationCli.Run(Path.Combine(_folder, "nope"), stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Contains("no such file or folder", stderr.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
