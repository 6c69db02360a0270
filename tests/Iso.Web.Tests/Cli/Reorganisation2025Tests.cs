using Iso.Data;
using Iso.Data.Organisation;
using Iso.Data.Seeding;
using Iso.Web.Cli;
using Iso.Web.Organisation;
using Iso.Web.Workflows;
using Iso.Workflows.Journal;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cli;

/// <summary><c>seed --demo --reorganise-2025</c> on a database of its own (the shared app keeps the 2021 province).</summary>
public sealed class Reorganisation2025Tests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "iso-reorg-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] Settings => [$"--Iso:DataDirectory={_dataDirectory}", "--Iso:SeedDemoData=false"];

    [Fact]
    public async Task Reorganise2025_EndsTheDistricts_MergesTheTwoWards_CarriesTheirCaseAndPeople_AndASecondRunChangesNothing()
    {
        Assert.Equal(0, await RunAsync("seed", "--demo"));
        Guid caseId;
        int agenciesBefore;
        await using (var app = Build())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
            agenciesBefore = await db.Agencies.CountAsync(Ct);
            var nghiaDuc = await db.Agencies.SingleAsync(a => a.Code == "NGHIADUC", Ct);
            caseId = (await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().StartCaseAsync(
                new StartCaseCommand(nghiaDuc.Id, "tthc-cap-xa", Reference: "HS-NGHIADUC-01"), Ct)).CaseId;
        }

        using var first = new StringWriter();
        Assert.Equal(0, await RunAsync(first, "seed", "--demo", "--reorganise-2025"));
        using var second = new StringWriter();
        Assert.Equal(0, await RunAsync(second, "seed", "--demo", "--reorganise-2025"));

        Assert.Contains("8 UBND cấp huyện kết thúc", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("không có gì thay đổi", second.ToString(), StringComparison.Ordinal);
        await using (var app = Build())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
            Assert.Equal(agenciesBefore + 1, await db.Agencies.CountAsync(Ct));
            Assert.Equal(0, await db.Agencies.CountAsync(a => a.KindCode == "district" && a.EffectiveTo == null, Ct));
            var province = await db.Agencies.SingleAsync(a => a.Code == DemoReorganisation2025.Province, Ct);
            var ward = await db.Agencies.SingleAsync(a => a.Code == DemoReorganisation2025.Ward, Ct);
            Assert.Equal((DemoReorganisation2025.WardName, province.Id, DemoReorganisation2025.From), (ward.Name, ward.ParentId, ward.EffectiveFrom));
            Assert.All(await db.Agencies.Where(a => a.KindCode == "commune" && a.EffectiveTo == null).ToListAsync(Ct), c => Assert.Equal(province.Id, c.ParentId));
            var nghiaDuc = await db.Agencies.SingleAsync(a => a.Code == "NGHIADUC", Ct);
            Assert.Equal((ward.Id, new DateOnly(2025, 6, 30)), (nghiaDuc.SuccessorId!.Value, nghiaDuc.EffectiveTo!.Value));
            Assert.Equal("UBND phường Nghĩa Đức", await new OrganisationChanges(db).NameOnAsync(nghiaDuc.Id, new DateOnly(2025, 6, 1), Ct));
            Assert.Equal(ward.Id, (await db.Users.SingleAsync(u => u.UserName == DemoAccounts.CommuneStaff.UserName, Ct)).AgencyId);

            var store = scope.ServiceProvider.GetRequiredService<IWorkflowStore>();
            var moved = (await store.FindCaseAsync(caseId, Ct))!;
            Assert.Equal(ward.Id, moved.AgencyId);
            var journal = await store.GetJournalAsync(caseId, Ct);
            Assert.Single(journal, e => e.Kind == JournalKinds.CaseTransferred);
            Assert.True(scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().VerifyJournal(moved, journal).IsValid);
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<IWorkflowDefinitionStore>().FindPublishedAsync(ward.Id, "tthc-cap-xa", Ct));
        }
    }

    [Fact]
    public async Task Reorganise2025_WithoutDemo_IsAUsageError()
    {
        using var error = new StringWriter();

        var exitCode = await IsoCommandLine.RunAsync(["seed", "--reorganise-2025", .. Settings], _ => Task.FromResult(1), TextWriter.Null, error);

        Assert.Equal(IsoCommandLine.UsageErrorExitCode, exitCode);
        Assert.Contains("--demo", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private Task<int> RunAsync(params string[] arguments) => RunAsync(TextWriter.Null, arguments);

    private Task<int> RunAsync(TextWriter output, params string[] arguments) =>
        IsoCommandLine.RunAsync([.. arguments, .. Settings], _ => Task.FromResult(1), output, TextWriter.Null);

    private WebApplication Build() =>
        new CliInvocation(Settings, TextWriter.Null, TextWriter.Null).BuildApplication(b => b.Services.AddIsoWorkflowEngine(b.Configuration));
}
