using System.Text.Json;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Accounts;
using Iso.Web.Application;
using Iso.Web.Organisation;
using Iso.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Accounts;

public sealed class AccountUseCaseTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_BySystemAdministrator_StoresTheAccountWithAOneTimePasswordThatMustBeChanged_AndTheHistoryNamesTheAdministrator()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP");
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var userName = Fresh.Name("moi.");

        var created = await scope.Get<CreateAccount>().HandleAsync(
            admin, new AccountInput(userName, "Trần Văn Mới", "Chuyên viên", "moi@example.gov.vn", agency, "VP", [IsoRoles.Staff, IsoRoles.Leader]), Ct);

        Assert.True(created.Succeeded, created.Problem?.ToString());
        Assert.Equal(userName, created.Value.UserName);
        Assert.Equal(16, created.Value.Password.Length);
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var stored = await db.Users.AsNoTracking().Include(u => u.Unit).SingleAsync(u => u.UserName == userName, Ct);
        Assert.True(stored.MustChangePassword);
        Assert.Equal("VP", stored.Unit!.Code);
        Assert.NotEqual(created.Value.Password, stored.PasswordHash);
        Assert.Equal([IsoRoles.Leader, IsoRoles.Staff], (await AccountRules.RolesOfAsync(db, stored.Id, Ct)).Order(StringComparer.Ordinal));

        var history = await scope.Get<GetAccountHistory>().HandleAsync(admin, userName, Ct);
        var added = Assert.Single(history.Value, h => h.Action == "Added" && h.Changes.Any(c => c.Field == "UserName"));
        Assert.Equal(Demo.Administrator, added.UserName);
        Assert.Equal(2, history.Value.Count(h => h.Changes.Any(c => c.Field == "Role" && c.New is not null)));
        Assert.DoesNotContain(history.Value.SelectMany(h => h.Changes), c => c.Old == created.Value.Password || c.New == created.Value.Password);
    }

    [Fact]
    public async Task Create_WithBadInput_NamesEachWrongField_AndStoresNothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP");
        var other = await Fresh.AgencyAsync(scope.ServiceProvider, "KHAC");
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var create = scope.Get<CreateAccount>();
        var userName = Fresh.Name("sai.");

        var duplicate = await create.HandleAsync(admin, new AccountInput(Demo.JusticeStaff, "Trùng Tên", null, null, agency, null, [IsoRoles.Staff]), Ct);
        var unknownUnit = await create.HandleAsync(admin, new AccountInput(userName, "Sai Đơn Vị", null, null, agency, "KHONG-CO", [IsoRoles.Staff]), Ct);
        var otherAgencysUnit = await create.HandleAsync(admin, new AccountInput(userName, "Đơn Vị Nơi Khác", null, null, agency, "KHAC", [IsoRoles.Staff]), Ct);
        var many = await create.HandleAsync(admin, new AccountInput("có dấu", " ", null, "không-phải-email", "KHONGCO", null, ["Sếp"]), Ct);

        Assert.Equal(["userName"], duplicate.Problem!.Errors.Keys);
        Assert.Equal(["unitCode"], unknownUnit.Problem!.Errors.Keys);
        Assert.Equal(["unitCode"], otherAgencysUnit.Problem!.Errors.Keys);
        Assert.Equal(["agencyCode", "email", "fullName", "roles", "userName"], many.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(new[] { duplicate, unknownUnit, otherAgencysUnit, many }, r => Assert.Equal(ProblemKind.Invalid, r.Problem!.Kind));
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        Assert.False(await db.Users.AnyAsync(u => u.UserName == userName, Ct));
        Assert.Equal(other, (await db.Agencies.SingleAsync(a => a.Units.Any(u => u.Code == "KHAC") && a.Code == other, Ct)).Code);
    }

    [Fact]
    public async Task AgencyAdministrator_ManagesOwnAgencyOnly_AndGrantsNeitherAdministratorNorAuditor()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP");
        var other = await Fresh.AgencyAsync(scope.ServiceProvider, "VP");
        var agencyAdmin = await Fresh.AccountAsync(scope, agency, null, IsoRoles.AgencyAdministrator);
        var colleague = await Fresh.AccountAsync(scope, agency, "VP");
        var stranger = await Fresh.AccountAsync(scope, other, "VP");
        var caller = await scope.ServiceProvider.CallerAsync(agencyAdmin.UserName);
        var create = scope.Get<CreateAccount>();
        var userName = Fresh.Name("cq.");

        var ownAgency = await create.HandleAsync(caller, new AccountInput(userName, "Trong Cơ Quan", null, null, null, "VP", [IsoRoles.Staff]), Ct);
        var otherAgency = await create.HandleAsync(caller, new AccountInput(Fresh.Name("cq."), "Cơ Quan Khác", null, null, other, null, [IsoRoles.Staff]), Ct);
        var grantsAdministrator = await create.HandleAsync(caller, new AccountInput(Fresh.Name("cq."), "Muốn Làm Quản Trị", null, null, null, null, [IsoRoles.Administrator]), Ct);
        var grantsAuditor = await scope.Get<UpdateAccount>().HandleAsync(caller, colleague.UserName, new AccountUpdate("Đồng Nghiệp", null, null, null, "VP", [IsoRoles.Auditor]), Ct);
        var resetsStranger = await scope.Get<ResetAccountPassword>().HandleAsync(caller, stranger.UserName, Ct);
        var deactivatesStranger = await scope.Get<AccountAdministration>().SetActiveAsync(caller, stranger.UserName, false, Ct);
        var list = await scope.Get<ListAccounts>().HandleAsync(caller, new ListAccountsRequest(PageSize: 200), Ct);
        var listOther = await scope.Get<ListAccounts>().HandleAsync(caller, new ListAccountsRequest(AgencyCode: other), Ct);
        var choices = await scope.Get<ListAccounts>().GetChoicesAsync(caller, Ct);

        Assert.True(ownAgency.Succeeded, ownAgency.Problem?.ToString());
        Assert.Equal(["agencyCode"], otherAgency.Problem!.Errors.Keys);
        Assert.Equal(["roles"], grantsAdministrator.Problem!.Errors.Keys);
        Assert.Equal(["roles"], grantsAuditor.Problem!.Errors.Keys);
        Assert.Equal(ProblemKind.NotFound, resetsStranger.Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, deactivatesStranger.Problem!.Kind);
        Assert.Equal([agency], list.Value.Items.Select(i => i.AgencyCode).Distinct());
        Assert.Equal(3, list.Value.Total);
        Assert.Equal(0, listOther.Value.Total);
        Assert.Equal([agency], choices.Value.Agencies.Select(a => a.Code));
        Assert.DoesNotContain(IsoRoles.Administrator, choices.Value.GrantableRoles);
        Assert.DoesNotContain(IsoRoles.Auditor, choices.Value.GrantableRoles);
    }

    [Fact]
    public async Task AgencyAdministrator_CannotTouchAnAccountHoldingASystemRole_InTheirOwnAgency()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider);
        var agencyAdmin = await Fresh.AccountAsync(scope, agency, null, IsoRoles.AgencyAdministrator);
        var systemAdmin = await Fresh.AccountAsync(scope, agency, null, IsoRoles.Administrator);
        var caller = await scope.ServiceProvider.CallerAsync(agencyAdmin.UserName);

        var reset = await scope.Get<ResetAccountPassword>().HandleAsync(caller, systemAdmin.UserName, Ct);
        var update = await scope.Get<UpdateAccount>().HandleAsync(caller, systemAdmin.UserName, new AccountUpdate("Đổi Tên", null, null, null, null, [IsoRoles.Staff]), Ct);
        var deactivate = await scope.Get<AccountAdministration>().SetActiveAsync(caller, systemAdmin.UserName, false, Ct);

        Assert.All(new[] { reset.Problem, update.Problem, deactivate.Problem }, p => Assert.Equal(ProblemKind.Forbidden, p!.Kind));
    }

    [Fact]
    public async Task Staff_CanNeitherListNorCreateAccounts()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);

        var list = await scope.Get<ListAccounts>().HandleAsync(staff, new ListAccountsRequest(), Ct);
        var create = await scope.Get<CreateAccount>().HandleAsync(staff, new AccountInput("x.y", "X Y", null, null, Demo.JusticeCode, null, [IsoRoles.Staff]), Ct);

        Assert.Equal(ProblemKind.Forbidden, list.Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, create.Problem!.Kind);
    }

    [Fact]
    public async Task Update_ChangesUnitAndRoles_EndsTheSessions_AndOnlyASystemAdministratorMovesTheAgency()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP", "MOT-CUA");
        var other = await Fresh.AgencyAsync(scope.ServiceProvider, "VP");
        var agencyAdmin = await Fresh.AccountAsync(scope, agency, null, IsoRoles.AgencyAdministrator);
        var person = await Fresh.AccountAsync(scope, agency, "VP");
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var caller = await scope.ServiceProvider.CallerAsync(agencyAdmin.UserName);
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var stampBefore = (await db.Users.AsNoTracking().SingleAsync(u => u.UserName == person.UserName, Ct)).SecurityStamp;
        var update = scope.Get<UpdateAccount>();

        var changed = await update.HandleAsync(caller, person.UserName, new AccountUpdate("Tên Mới", "Trưởng phòng", null, null, "MOT-CUA", [IsoRoles.Staff, IsoRoles.Leader]), Ct);
        var movedByAgencyAdmin = await update.HandleAsync(caller, person.UserName, new AccountUpdate("Tên Mới", null, null, other, "VP", [IsoRoles.Staff]), Ct);
        var movedBySystemAdmin = await update.HandleAsync(admin, person.UserName, new AccountUpdate("Tên Mới", null, null, other, "VP", [IsoRoles.Staff]), Ct);

        Assert.True(changed.Succeeded, changed.Problem?.ToString());
        Assert.Equal(["agencyCode"], movedByAgencyAdmin.Problem!.Errors.Keys);
        Assert.True(movedBySystemAdmin.Succeeded, movedBySystemAdmin.Problem?.ToString());
        var stored = await db.Users.AsNoTracking().Include(u => u.Agency).SingleAsync(u => u.UserName == person.UserName, Ct);
        Assert.Equal(other, stored.Agency!.Code);
        Assert.NotEqual(stampBefore, stored.SecurityStamp);
        var history = (await scope.Get<GetAccountHistory>().HandleAsync(admin, person.UserName, Ct)).Value;
        Assert.Contains(history, h => h.UserName == agencyAdmin.UserName && h.Changes.Any(c => c.Field == "Role" && c.New == IsoRoles.Leader));
        Assert.Contains(history, h => h.UserName == agencyAdmin.UserName && h.Changes.Any(c => c.Field == "FullName" && c.New == "Tên Mới"));
        Assert.Contains(history, h => h.UserName == Demo.Administrator && h.Changes.Any(c => c.Field == "AgencyId" && c.New == "Sở Thử nghiệm " + other));
    }

    [Fact]
    public async Task ResetPassword_GivesANewOneTimePassword_EndsTheSessions_AndTheHistoryShowsOnlyThatThePasswordChanged()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider);
        var person = await Fresh.AccountAsync(scope, agency);
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var before = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == person.UserName, Ct);

        var reset = await scope.Get<ResetAccountPassword>().HandleAsync(admin, person.UserName, Ct);
        var own = await scope.Get<ResetAccountPassword>().HandleAsync(admin, Demo.Administrator, Ct);

        Assert.True(reset.Succeeded);
        Assert.NotEqual(person.Password, reset.Value.Password);
        Assert.Equal(ProblemKind.Conflict, own.Problem!.Kind);
        var after = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == person.UserName, Ct);
        Assert.True(after.MustChangePassword);
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        Assert.NotEqual(before.PasswordHash, after.PasswordHash);
        var entry = (await scope.Get<GetAccountHistory>().HandleAsync(admin, person.UserName, Ct)).Value[0];
        Assert.Equal(Demo.Administrator, entry.UserName);
        Assert.Contains(entry.Changes, c => c.Field == "PasswordHash" && c.Redacted && c.Old is null && c.New is null);
        var raw = await db.History.AsNoTracking().Where(h => h.EntityId == after.Id.ToString()).Select(h => h.Changes).ToListAsync(Ct);
        Assert.DoesNotContain(raw, json => json.Contains(after.PasswordHash!, StringComparison.Ordinal) || json.Contains(reset.Value.Password, StringComparison.Ordinal));
        Assert.All(raw, json => JsonDocument.Parse(json).Dispose());
    }

    [Fact]
    public async Task List_FiltersOnTheServer_PagesAndMatchesTextWithoutDiacritics()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP", "MOT-CUA");
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var create = scope.Get<CreateAccount>();
        foreach (var (name, unit, role) in new[] { ("Nguyễn Thị Ánh", "VP", IsoRoles.Staff), ("Lê Văn Bình", "VP", IsoRoles.Leader), ("Đỗ Thị Cúc", "MOT-CUA", IsoRoles.Staff) })
        {
            Assert.True((await create.HandleAsync(admin, new AccountInput(Fresh.Name("ds."), name, null, null, agency, unit, [role]), Ct)).Succeeded);
        }

        var list = scope.Get<ListAccounts>();
        var firstPage = await list.HandleAsync(admin, new ListAccountsRequest(AgencyCode: agency, PageSize: 2), Ct);
        var secondPage = await list.HandleAsync(admin, new ListAccountsRequest(AgencyCode: agency, Page: 2, PageSize: 2), Ct);
        var byUnit = await list.HandleAsync(admin, new ListAccountsRequest(AgencyCode: agency, UnitCode: "VP"), Ct);
        var byRole = await list.HandleAsync(admin, new ListAccountsRequest(AgencyCode: agency, Role: IsoRoles.Leader), Ct);
        var byText = await list.HandleAsync(admin, new ListAccountsRequest(AgencyCode: agency, Text: "anh"), Ct);
        var badPage = await list.HandleAsync(admin, new ListAccountsRequest(Page: 0, PageSize: 1000), Ct);

        Assert.Equal(3, firstPage.Value.Total);
        // Vietnamese order: Đ after D, before L.
        Assert.Equal(["Đỗ Thị Cúc", "Lê Văn Bình"], firstPage.Value.Items.Select(i => i.FullName));
        Assert.Equal(["Nguyễn Thị Ánh"], secondPage.Value.Items.Select(i => i.FullName));
        Assert.Equal(2, byUnit.Value.Total);
        Assert.Equal(["Lê Văn Bình"], byRole.Value.Items.Select(i => i.FullName));
        Assert.Equal([IsoRoles.Leader], byRole.Value.Items.Single().Roles);
        Assert.Equal(["Nguyễn Thị Ánh"], byText.Value.Items.Select(i => i.FullName));
        Assert.Equal(["page", "pageSize"], badPage.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
