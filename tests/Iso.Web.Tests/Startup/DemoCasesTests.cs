using Iso.Data;
using Iso.Data.Seeding;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Startup;

/// <summary>The demo (Development by default) starts with cases played through the engine, once: a restart adds none.</summary>
public sealed class DemoCasesTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "iso-demo-cases-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoStart_PlaysTheDemoCasesIntoAnEmptyDatabase_AndNotAgainOnRestart()
    {
        // The 25 of the year, and the work in progress stopped at every human step of each demo agency's procedure.
        var first = await StartAndCountCasesAsync();
        Assert.InRange(first, 25 + 30, 25 + 120);
        Assert.Equal(first, await StartAndCountCasesAsync());
    }

    /// <summary>A new user trying any demo role of Sở Tư pháp finds work in the inbox (the same service the page reads),
    /// some of it due soon and some overdue, on cases the engine played (their journals verify).</summary>
    [Fact]
    public async Task DemoStart_LeavesWorkInTheInboxOfEveryDemoRole_SomeDueSoonAndSomeOverdue()
    {
        await using var app = new DemoApp(_dataDirectory);
        app.StartServer();
        await using var scope = app.Services.CreateAsyncScope();
        var inbox = scope.Get<GetInbox>();
        var items = new List<InboxItem>();
        foreach (var account in new[] { DemoAccounts.Staff, DemoAccounts.JusticeHeadOfOffice, DemoAccounts.Leader, DemoAccounts.ReceptionStaff, DemoAccounts.JusticeClerk })
        {
            var caller = await scope.ServiceProvider.CallerAsync(account.UserName);
            var page = (await inbox.HandleAsync(caller, new InboxRequest(PageSize: InboxRequest.MaxPageSize), Ct)).Value;
            Assert.True(page.Total >= 1, $"{account.UserName} has an empty inbox.");
            items.AddRange(page.Items);
            if (account != DemoAccounts.ReceptionStaff && account != DemoAccounts.JusticeHeadOfOffice)
            {
                // Some left for the unit, some already claimed by the person.
                Assert.Contains(page.Items, i => i.AssigneeId is null);
                Assert.Contains(page.Items, i => i.AssigneeId == caller.UserId);
            }
        }

        Assert.Contains(items, i => i.DueState == "Overdue");
        Assert.Contains(items, i => i.DueState == "DueSoon");
        Assert.Contains(items, i => i.DueState == "OnTime");
        // The specialist's processing, the head's assignment and review, the leader's signature, the return at the desk.
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "assign", "examine", "review", "approve", "register", "deliver" },
            items.Select(i => i.NodeId).ToHashSet(StringComparer.Ordinal));
        // Received in the last weeks, not in the future.
        var now = DateTimeOffset.UtcNow;
        Assert.All(items, i => Assert.InRange(i.CreatedAt, now.AddDays(-45), now));

        var store = scope.Get<IWorkflowStore>();
        var runtime = scope.Get<IWorkflowRuntime>();
        foreach (var caseId in items.Select(i => i.CaseId).Distinct())
        {
            var workflowCase = (await store.FindCaseAsync(caseId, Ct))!;
            Assert.True(runtime.VerifyJournal(workflowCase, await store.GetJournalAsync(caseId, Ct)).IsValid, workflowCase.Code);
        }

        // Every demo agency's procedure has work stopped at its parallel consultation too.
        var db = scope.Get<IsoDbContext>();
        Assert.True(await db.Set<WorkflowTaskRecord>().AnyAsync(t => t.Status == WorkflowTaskStatus.Open && t.NodeId == "opinion-a", Ct));
        Assert.True(await db.Set<WorkflowTaskRecord>().AnyAsync(t => t.Status == WorkflowTaskStatus.Open && t.NodeId == "opinion-b", Ct));
    }

    private async Task<int> StartAndCountCasesAsync()
    {
        await using var app = new DemoApp(_dataDirectory);
        app.StartServer();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var cases = await db.Set<WorkflowCaseRecord>().AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.All(cases, c => Assert.False(string.IsNullOrEmpty(c.DefinitionKey)));
        // Each was received at the one-stop desk (so its receipt prints), with a person's name, not a placeholder.
        var clerks = await db.Users.AsNoTracking().Join(db.Units.Where(u => u.Code == "MOT-CUA"), u => u.UnitId, x => (Guid?)x.Id, (u, x) => u.Id)
            .ToListAsync(TestContext.Current.CancellationToken);
        var receptions = await db.CaseReceptions.AsNoTracking().ToDictionaryAsync(r => r.CaseId, TestContext.Current.CancellationToken);
        Assert.All(cases, c =>
        {
            var reception = Assert.Contains(c.Id, receptions);
            Assert.Equal(Iso.Web.Cases.Simulation.DemoApplicants.For(c.Code!).Name, reception.ApplicantName);
            Assert.Matches("^[0-9]{12}$", reception.ApplicantIdNumber);
            Assert.Matches("^0[0-9]{9}$", reception.ApplicantPhone);
            Assert.Contains("Lâm Đồng", reception.ApplicantAddress, StringComparison.Ordinal);
            Assert.StartsWith("[{\"name\":", reception.DocumentsJson, StringComparison.Ordinal);
            Assert.Contains(reception.ReceivedById, clerks);
        });
        return cases.Count;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private sealed class DemoApp(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Iso:DataDirectory", dataDirectory);
            builder.UseSetting("Iso:SeedDemoData", "true");
            builder.UseSetting("Iso:AllowDemoPasswords", "true");
            builder.UseSetting("Iso:DemoCases", "25");
        }
    }
}
