using Iso.Web.Cli;
using Microsoft.Data.Sqlite;

namespace Iso.Web.Tests.Cli;

public sealed class BackupVerbsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iso-cli-backup-" + Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_folder, "data");

    [Fact]
    public async Task Backup_PrintsThePathAndSize_AndExitsZero_ThenRefusesToOverwriteWithoutForce()
    {
        await MigrateAsync();
        var file = Path.Combine(_folder, "iso-backup.db");

        var (exitCode, output, _) = await RunAsync("backup", file);

        Assert.Equal(0, exitCode);
        Assert.Contains(file, output, StringComparison.Ordinal);
        Assert.Contains($"{new FileInfo(file).Length:N0} byte", output, StringComparison.Ordinal);

        var (again, _, error) = await RunAsync("backup", file);
        Assert.Equal(1, again);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains("--force", error, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("backup", file, "--force")).ExitCode);
    }

    [Fact]
    public async Task Restore_OfABackup_ExitsZero_AndSaysWhereTheReplacedDatabaseIsKept()
    {
        await MigrateAsync();
        var file = Path.Combine(_folder, "iso-backup.db");
        Assert.Equal(0, (await RunAsync("backup", file)).ExitCode);

        var (exitCode, output, _) = await RunAsync("restore", file);

        Assert.Equal(0, exitCode);
        var kept = Assert.Single(Directory.GetFiles(DataDirectory, "iso.db.before-restore-*"));
        Assert.Contains(kept, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_OfAFileThatIsNotABackup_ExitsOne_NamingTheFile()
    {
        await MigrateAsync();
        var file = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(file, "không phải cơ sở dữ liệu", TestContext.Current.CancellationToken);

        var (exitCode, _, error) = await RunAsync("restore", file);

        Assert.Equal(1, exitCode);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(DataDirectory, "*before-restore*"));
    }

    [Theory]
    [InlineData("backup")]
    [InlineData("restore")]
    public async Task Verb_WithoutAFile_IsAUsageError(string verb)
    {
        var (exitCode, _, error) = await RunAsync(verb);

        Assert.Equal(IsoCommandLine.UsageErrorExitCode, exitCode);
        Assert.Contains("đúng một đối số", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_OfAMissingFile_ExitsOne_NamingTheFile()
    {
        var file = Path.Combine(_folder, "missing.db");

        var (exitCode, _, error) = await RunAsync("restore", file);

        Assert.Equal(1, exitCode);
        Assert.Contains(file, error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task MigrateAsync() => Assert.Equal(0, (await RunAsync("migrate")).ExitCode);

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await IsoCommandLine.RunAsync(
            [.. args, $"--Iso:DataDirectory={DataDirectory}", "--Iso:SeedDemoData=false"], _ => Task.FromResult(-1), output, error);

        // The migrate verb's pooled connections would otherwise hold the file open like a running app.
        SqliteConnection.ClearAllPools();
        return (exitCode, output.ToString(), error.ToString());
    }
}
