using Iso.Data;
using Iso.Data.Seeding;
using Iso.Data.Tests.Workflows;
using Iso.Web.Cli;
using Iso.Web.Workflows;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cli;

public sealed class JournalVerbsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "iso-cli-verify-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verify_UntouchedCases_ExitZero_ThenACaseRewrittenInTheDatabase_IsReportedWithExitOne()
    {
        Assert.Equal(0, (await RunAsync("seed", "--demo")).ExitCode);
        var first = await StartCaseAsync("HS-VERIFY-1");
        await StartCaseAsync("HS-VERIFY-2");

        var (untouched, output, _) = await RunAsync("verify");
        Assert.Equal(0, untouched);
        Assert.Contains("Đã kiểm tra 2 hồ sơ", output, StringComparison.Ordinal);

        await using (var app = BuildApplication())
        {
            await using var scope = app.Services.CreateAsyncScope();
            await JournalRewrite.RewriteFirstEntryCommentAsync(scope.ServiceProvider.GetRequiredService<IsoDbContext>(), first, "HS-GIA-MAO", Ct);
        }

        var (exitCode, _, error) = await RunAsync("verify");

        Assert.Equal(1, exitCode);
        Assert.Contains(first.ToString(), error, StringComparison.Ordinal);
        Assert.Contains("rewritten without the key", error, StringComparison.Ordinal);
        Assert.Contains("1 trên 2 hồ sơ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithAnArgument_IsAUsageError()
    {
        var (exitCode, _, error) = await RunAsync("verify", "everything");

        Assert.Equal(IsoCommandLine.UsageErrorExitCode, exitCode);
        Assert.Contains("không nhận đối số", error, StringComparison.Ordinal);
    }

    private WebApplication BuildApplication() =>
        new CliInvocation([$"--Iso:DataDirectory={_dataDirectory}"], TextWriter.Null, TextWriter.Null)
            .BuildApplication(b => b.Services.AddIsoWorkflowEngine(b.Configuration));

    private async Task<Guid> StartCaseAsync(string reference)
    {
        await using var app = BuildApplication();
        await using var scope = app.Services.CreateAsyncScope();
        var agencyId = await scope.ServiceProvider.GetRequiredService<IsoDbContext>().Agencies
            .Where(a => a.Code == DemoAccounts.ReceptionStaff.AgencyCode).Select(a => a.Id).SingleAsync(Ct);
        var started = await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>()
            .StartCaseAsync(new StartCaseCommand(agencyId, "tthc-mot-cap", Reference: reference), Ct);
        return started.CaseId;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await IsoCommandLine.RunAsync([.. args, $"--Iso:DataDirectory={_dataDirectory}"], _ => Task.FromResult(-1), output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
