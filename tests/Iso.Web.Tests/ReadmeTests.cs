using Iso.Data.Seeding;

namespace Iso.Web.Tests;

/// <summary>The README is part of the product: its demo logins and commands must stay true.</summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

    [Fact]
    public void DemoLogins_AreTheSeededAccounts()
    {
        Assert.Contains(DemoAccounts.ToMarkdownTable().TrimEnd(), Readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_AreTheRunAndTestCommands()
    {
        Assert.Contains("<!-- run-command -->\n```\ndotnet run --project src/Iso.Web\n```", Readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("<!-- test-command -->\n```\ndotnet test\n```", Readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IsoDienTu.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No IsoDienTu.slnx above {AppContext.BaseDirectory}.");
    }
}
