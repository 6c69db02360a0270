using Iso.Web.Cli;
using Microsoft.Data.Sqlite;

namespace Iso.Web.Tests.Cli;

public sealed class DatabaseVerbsTests
{
    [Fact]
    public async Task Migrate_CreatesTheDatabaseInTheDataDirectory_AndExitsZero()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "iso-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var output = new StringWriter();

            var exitCode = await IsoCommandLine.RunAsync(
                ["migrate", $"--Iso:DataDirectory={dataDirectory}", "--Iso:SeedDemoData=false"], _ => Task.FromResult(1), output, TextWriter.Null);

            Assert.Equal(0, exitCode);
            Assert.NotEmpty(Directory.GetFiles(dataDirectory, "*.db"));
            Assert.Contains(dataDirectory, output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
