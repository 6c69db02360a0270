using System.Net.Http.Headers;
using System.Net.Http.Json;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Web.Cases.Simulation;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Statistics;

/// <summary>The app over its own database with the timer service off: the cases of the statistics tests are played in the
/// past, and only the test decides when an overdue timer fires (the shared app's timer service would issue apologies
/// for them at any moment).</summary>
public sealed class StatisticsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StatisticsWorld? _world;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "iso-statistics-tests-" + Guid.NewGuid().ToString("N"));

    public ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }

    /// <summary>The hand-counted cases, played once for the class.</summary>
    public async Task<StatisticsWorld> WorldAsync()
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            return _world ??= await StatisticsWorld.CreateAsync(this);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<HttpClient> CreateClientForAsync(string userName)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Demo.Password });
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<AccessTokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Iso:DataDirectory", DataDirectory);
        builder.UseSetting("Iso:SeedDemoData", "true");
        builder.UseSetting("Iso:AllowDemoPasswords", "true");
        builder.UseSetting("Iso:SignIn:PermitsPerAddress", "100000");
        builder.UseSetting("Iso:SignIn:PermitsPerAccount", "100000");
        builder.UseSetting("Iso:Workflows:RunTimerService", "false");
    }

    public override async ValueTask DisposeAsync()
    {
        _gate.Dispose();
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

/// <summary>
/// Two agencies of their own running <c>tthc-cap-xa</c> (24 working hours), with cases whose outcomes are known by hand:
/// <list type="bullet">
/// <item>August 2026 — A: received Fri 28/08 09:00 and resolved on time although a week passes, since the National Day
/// holiday (29/08–02/09) stops the count; B: resolved late; C: resolved late, with the apology the engine issues when its
/// overdue timer fires at the appointment.</item>
/// <item>September 2026 — D and E: resolved on time; F: two steps done, still open past its appointment (late, no apology).</item>
/// <item>Today — G: just received, in progress, not overdue.</item>
/// <item>The other agency — H: resolved on time in September; never in the first agency's figures.</item>
/// </list>
/// </summary>
public sealed class StatisticsWorld
{
    public const string Procedure = "tthc-cap-xa";

    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private StatisticsWorld(string tag) => Tag = tag;

    public string Tag { get; }

    public Guid AgencyId { get; private set; }

    public string AgencyCode => $"TK{Tag}";

    public string OtherAgencyCode => $"TKK{Tag}";

    public string Clerk => $"tk.{Tag}.motcua";

    public string OtherClerk => $"tk.{Tag}.khac.motcua";

    public SimulatedCase A { get; private set; } = null!;

    public SimulatedCase G { get; private set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<StatisticsWorld> CreateAsync(StatisticsFactory factory)
    {
        var world = new StatisticsWorld(Guid.NewGuid().ToString("N")[..6]);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
        world.AgencyId = await AddAgencyAsync(db, users, world.AgencyCode, $"tk.{world.Tag}");
        var other = await AddAgencyAsync(db, users, world.OtherAgencyCode, $"tk.{world.Tag}.khac");
        var simulator = await CaseSimulator.CreateAsync(factory.Services, [world.AgencyId, other], Ct);
        var end = DateTimeOffset.MaxValue;

        // C first: played to its appointment, the overdue timer fires (apology), then finished late.
        var c = await simulator.StartAsync(Plan(world.AgencyId, At(2026, 8, 26, 8, 0), CaseFate.LateWithApology, 1.6m), Ct);
        await simulator.AdvanceAsync(c, c.DueAt!.Value, Ct);
        Assert.False(c.Finished);
        await simulator.FireTimersAsync(c.DueAt.Value.AddMinutes(1), Ct);
        // The timer drafts the letter; it counts once the agency's leader has issued it (ADR 0023).
        Assert.True(await simulator.IssueApologyAsync(c, c.DueAt.Value.AddHours(2), Ct));
        await simulator.AdvanceAsync(c, end, Ct);
        Assert.True(c.Finished);

        world.A = await simulator.PlayAsync(Plan(world.AgencyId, At(2026, 8, 28, 9, 0), CaseFate.OnTime, 0.9m), end, Ct);
        await simulator.PlayAsync(Plan(world.AgencyId, At(2026, 8, 27, 10, 0), CaseFate.Late, 1.5m), end, Ct);
        await simulator.PlayAsync(Plan(world.AgencyId, At(2026, 9, 10, 9, 0), CaseFate.OnTime, 0.5m), end, Ct);
        await simulator.PlayAsync(Plan(world.AgencyId, At(2026, 9, 11, 14, 0), CaseFate.OnTime, 0.3m), end, Ct);
        await simulator.PlayAsync(Plan(world.AgencyId, At(2026, 9, 15, 9, 0), CaseFate.InProgress, 0.5m, stepsDone: 2), end, Ct);
        world.G = await simulator.PlayAsync(Plan(world.AgencyId, DateTimeOffset.UtcNow.AddHours(-1), CaseFate.InProgress, 0.5m, stepsDone: 0), end, Ct);
        await simulator.PlayAsync(Plan(other, At(2026, 9, 14, 9, 0), CaseFate.OnTime, 0.5m), end, Ct);
        return world;
    }

    public static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, Vietnam);

    private static CasePlan Plan(Guid agency, DateTimeOffset received, CaseFate fate, decimal pace, int stepsDone = int.MaxValue) =>
        new(agency, Procedure, received, fate, pace, stepsDone);

    /// <summary>An agency with the units and people every step of <c>tthc-cap-xa</c> names: a one-stop clerk, a specialist,
    /// a leader and a records clerk.</summary>
    private static async Task<Guid> AddAgencyAsync(IsoDbContext db, UserManager<IsoUser> users, string code, string prefix)
    {
        var province = await db.Agencies.Where(a => a.ParentId == null).Select(a => a.Id).FirstAsync(Ct);
        var agency = new Agency
        {
            Id = Guid.CreateVersion7(), Code = code, Name = $"UBND xã thống kê {code}", KindCode = "commune", ParentId = province,
            EffectiveFrom = new DateOnly(2020, 1, 1),
        };
        var units = new[] { ("MOT-CUA", "Bộ phận một cửa"), ("CHUYEN-MON", "Công chức chuyên môn"), ("VAN-THU", "Văn thư") }
            .Select(u => new OrgUnit { Id = Guid.CreateVersion7(), AgencyId = agency.Id, Code = u.Item1, Name = u.Item2, EffectiveFrom = agency.EffectiveFrom })
            .ToArray();
        db.Add(agency);
        db.AddRange(units);
        await db.SaveChangesAsync(Ct);
        await AddUserAsync(users, $"{prefix}.motcua", "Nguyễn Văn Một", agency.Id, units[0].Id, IsoRoles.Staff);
        await AddUserAsync(users, $"{prefix}.chuyenmon", "Lê Văn Hai", agency.Id, units[1].Id, IsoRoles.Staff);
        await AddUserAsync(users, $"{prefix}.lanhdao", "Phạm Thị Ba", agency.Id, units[1].Id, IsoRoles.Leader);
        await AddUserAsync(users, $"{prefix}.vanthu", "Trần Thị Bốn", agency.Id, units[2].Id, IsoRoles.Staff);
        return agency.Id;
    }

    private static async Task AddUserAsync(UserManager<IsoUser> users, string userName, string fullName, Guid agencyId, Guid unitId, string role)
    {
        var created = await users.CreateAsync(new IsoUser { UserName = userName, FullName = fullName, AgencyId = agencyId, UnitId = unitId }, Demo.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        var added = await users.AddToRoleAsync((await users.FindByNameAsync(userName))!, role);
        Assert.True(added.Succeeded, string.Join("; ", added.Errors.Select(e => e.Description)));
    }
}
