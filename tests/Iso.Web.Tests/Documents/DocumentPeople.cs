using Iso.Data;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Web.Application;
using Iso.Web.Documents;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Documents;

/// <summary>Throw-away people of the Justice department (Sở Tư pháp) for the document tests, so that no test changes a
/// demo account (a wrong password counts towards a lockout) and documents get codes nobody else uses.</summary>
internal static class DocumentPeople
{
    public static async Task<string> CreateAsync(IServiceProvider services, string fullName, params string[] roles)
    {
        var userName = $"doc.{Guid.NewGuid():N}"[..30];
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var agencyId = await db.Agencies.Where(a => a.Code == Demo.JusticeCode).Select(a => a.Id).SingleAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
        var created = await users.CreateAsync(new IsoUser { UserName = userName, FullName = fullName, AgencyId = agencyId }, Demo.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        var added = await users.AddToRolesAsync((await users.FindByNameAsync(userName))!, roles);
        Assert.True(added.Succeeded, string.Join("; ", added.Errors.Select(e => e.Description)));
        return userName;
    }

    /// <summary>A unit of its own in the Justice department, so that a round holds exactly the people a test puts in it.</summary>
    public static async Task<Guid> NewUnitAsync(AsyncServiceScope scope)
    {
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var agencyId = await db.Agencies.Where(a => a.Code == Demo.JusticeCode).Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken);
        var unit = new OrgUnit { Id = Guid.NewGuid(), AgencyId = agencyId, Code = "T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), Name = "Tổ thử nghiệm", EffectiveFrom = new DateOnly(2020, 1, 1) };
        db.Units.Add(unit);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return unit.Id;
    }

    public static async Task<Caller> PersonInUnitAsync(AsyncServiceScope scope, string fullName, Guid unitId, bool active = true)
    {
        var userName = await DocumentPeople.CreateAsync(scope.ServiceProvider, fullName, IsoRoles.Staff);
        var users = scope.Get<UserManager<IsoUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        user.UnitId = unitId;
        user.IsActive = active;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
        return await scope.ServiceProvider.CallerAsync(userName);
    }

    public static string NewCode(string prefix = "QT") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    public static T Ok<T>(this Result<T> result)
    {
        Assert.True(result.Succeeded, result.Problem is { } p ? $"{p.Kind}: {p.Detail.Key} {string.Join(", ", p.Detail.Args)} {string.Join("; ", p.Errors.Select(e => e.Key + "=" + string.Join(",", e.Value.Select(m => m.Key))))}" : null);
        return result.Value;
    }
}

/// <summary>A quality officer (author), a second quality officer (reviewer) and a leader (approver) of the agency.</summary>
internal sealed class DocumentTeam
{
    public required Caller Author { get; init; }

    public required Caller Reviewer { get; init; }

    public required Caller Approver { get; init; }

    public static async Task<DocumentTeam> CreateAsync(IsoWebFactory factory, AsyncServiceScope scope)
    {
        var author = await DocumentPeople.CreateAsync(factory.Services, "Trần Thị Soạn", IsoRoles.QualityOfficer);
        var reviewer = await DocumentPeople.CreateAsync(factory.Services, "Nguyễn Văn Xét", IsoRoles.QualityOfficer);
        var approver = await DocumentPeople.CreateAsync(factory.Services, "Lê Văn Duyệt", IsoRoles.Leader);
        return new DocumentTeam
        {
            Author = await scope.ServiceProvider.CallerAsync(author),
            Reviewer = await scope.ServiceProvider.CallerAsync(reviewer),
            Approver = await scope.ServiceProvider.CallerAsync(approver),
        };
    }

    /// <summary>Creates a procedure and takes it through submit, review and approval; returns its id.</summary>
    public async Task<Guid> PublishAsync(AsyncServiceScope scope, string code, string markdown = "## 1. Mục đích\n\nNội dung.", DateOnly? effectiveOn = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var created = (await scope.Get<CreateDocument>().HandleAsync(Author, new CreateDocumentRequest(Iso.Data.Documents.DocumentKind.Procedure, code, "Quy trình " + code, markdown), ct)).Ok();
        await PassAsync(scope, created.Id, effectiveOn);
        return created.Id;
    }

    /// <summary>Submits the document's draft and takes it through review and approval.</summary>
    public async Task PassAsync(AsyncServiceScope scope, Guid id, DateOnly? effectiveOn = null)
    {
        var ct = TestContext.Current.CancellationToken;
        (await scope.Get<SubmitDocument>().HandleAsync(Author, id, new SubmitDocumentRequest(Demo.Password), ct)).Ok();
        (await scope.Get<DecideOnDocument>().HandleAsync(Reviewer, id, ReviewStage.Review, new DocumentDecisionRequest("pass", Demo.Password), ct)).Ok();
        (await scope.Get<DecideOnDocument>().HandleAsync(Approver, id, ReviewStage.Approval, new DocumentDecisionRequest("approve", Demo.Password, EffectiveOn: effectiveOn), ct)).Ok();
    }
}
