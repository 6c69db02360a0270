using Iso.Data;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

/// <summary>An agency of its own for the inbox tests (the shared app's demo agencies fill up with other tests' cases):
/// units MOT-CUA and CHUYEN-MON, two reception clerks, a specialist, a leader, and a second agency with a clerk and a leader.</summary>
internal sealed class InboxWorld
{
    public const string Procedure = "tthc-mot-cap";

    private InboxWorld(IsoWebFactory factory, string tag)
    {
        Factory = factory;
        Tag = tag;
    }

    public IsoWebFactory Factory { get; }

    public string Tag { get; }

    public Guid AgencyId { get; private set; }

    public string Clerk => $"i12.{Tag}.motcua1";

    public string SecondClerk => $"i12.{Tag}.motcua2";

    public string Specialist => $"i12.{Tag}.chuyenvien";

    public string Leader => $"i12.{Tag}.lanhdao";

    public string OtherClerk => $"i12.{Tag}.khac.motcua";

    public string OtherLeader => $"i12.{Tag}.khac.lanhdao";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<InboxWorld> CreateAsync(IsoWebFactory factory)
    {
        var world = new InboxWorld(factory, Guid.NewGuid().ToString("N")[..8]);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
        world.AgencyId = await AddAgencyAsync(db, users, $"I12{world.Tag}", world.Clerk, world.SecondClerk, world.Specialist, world.Leader);
        await AddAgencyAsync(db, users, $"I12K{world.Tag}", world.OtherClerk, null, null, world.OtherLeader);
        return world;
    }

    public static async Task<Caller> CallerAsync(AsyncServiceScope scope, string userName) => await scope.ServiceProvider.CallerAsync(userName);

    /// <summary>Starts a case as the first clerk; its intake task waits for MOT-CUA's clerks.</summary>
    public async Task<(Guid CaseId, Guid TaskId)> StartAsync(string reference, DateTimeOffset? receivedAt = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var started = await scope.Get<StartCase>().HandleAsync(await CallerAsync(scope, Clerk), new StartCaseRequest(Procedure, reference, ReceivedAt: receivedAt), Ct);
        Assert.True(started.Succeeded, started.Problem?.ToString());
        return (started.Value.CaseId, started.Value.OpenTasks.Single().Id);
    }

    /// <summary>Sets a task's due moment (test set-up: real tasks get theirs from the wall clock).</summary>
    public async Task SetDueAsync(Guid taskId, DateTimeOffset? dueAt)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        await db.Set<WorkflowTaskRecord>().Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, dueAt), Ct);
    }

    public async Task<Guid> UserIdAsync(string userName)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>().FindByNameAsync(userName))!.Id;
    }

    private static async Task<Guid> AddAgencyAsync(IsoDbContext db, UserManager<IsoUser> users, string code, string clerk, string? secondClerk, string? specialist, string leader)
    {
        // Under the demo province, as a real department is: other tests expect one tree.
        var province = await db.Agencies.Where(a => a.ParentId == null).Select(a => a.Id).FirstAsync(Ct);
        var agency = new Agency
        {
            Id = Guid.CreateVersion7(), Code = code, Name = $"Sở thử nghiệm {code}", KindCode = "department", ParentId = province, EffectiveFrom = new DateOnly(2020, 1, 1),
        };
        var reception = new OrgUnit { Id = Guid.CreateVersion7(), AgencyId = agency.Id, Code = "MOT-CUA", Name = "Bộ phận một cửa", EffectiveFrom = agency.EffectiveFrom };
        var office = new OrgUnit { Id = Guid.CreateVersion7(), AgencyId = agency.Id, Code = "CHUYEN-MON", Name = "Phòng chuyên môn", EffectiveFrom = agency.EffectiveFrom };
        db.AddRange(agency, reception, office);
        await db.SaveChangesAsync(Ct);
        await AddUserAsync(users, clerk, "Nguyễn Văn Một", agency.Id, reception.Id, IsoRoles.Staff);
        if (secondClerk is not null)
        {
            await AddUserAsync(users, secondClerk, "Trần Thị Hai", agency.Id, reception.Id, IsoRoles.Staff);
        }

        if (specialist is not null)
        {
            await AddUserAsync(users, specialist, "Lê Văn Ba", agency.Id, office.Id, IsoRoles.Staff);
        }

        await AddUserAsync(users, leader, "Phạm Thị Bốn", agency.Id, office.Id, IsoRoles.Leader);
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
