using System.Text;
using ClosedXML.Excel;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Web.Accounts;
using Iso.Web.Application;
using Iso.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Accounts;

public sealed class ImportAccountsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImportCsv_WithGoodLines_CreatesEveryAccountWithAOneTimePassword()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP", "MOT-CUA");
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var (a, b) = (Fresh.Name("nhap."), Fresh.Name("nhap."));
        // Vietnamese headers in another order, semicolons, a role by its Vietnamese name, a BOM.
        var csv = $"\uFEFFHọ và tên;Tên đăng nhập;Chức vụ;Email;Mã cơ quan;Mã đơn vị;Vai trò\n"
            + $"Phạm Văn Một;{a};Chuyên viên;mot@example.gov.vn;{agency};VP;Staff\n"
            + $"\"Hà Thị Hai, Phó phòng\";{b};;;{agency};MOT-CUA;\"Chuyên viên, Lãnh đạo (phê duyệt)\"\n";

        var imported = await scope.Get<ImportAccounts>().HandleAsync(admin, new ImportAccountsRequest(Encoding.UTF8.GetBytes(csv), "ds.csv"), Ct);

        Assert.True(imported.Succeeded, imported.Problem?.ToString());
        Assert.Equal([a, b], imported.Value.Select(p => p.UserName));
        Assert.All(imported.Value, p => Assert.Equal(16, p.Password.Length));
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var second = await db.Users.AsNoTracking().Include(u => u.Unit).SingleAsync(u => u.UserName == b, Ct);
        Assert.Equal("Hà Thị Hai, Phó phòng", second.FullName);
        Assert.Equal("MOT-CUA", second.Unit!.Code);
        Assert.True(second.MustChangePassword);
        Assert.Equal([IsoRoles.Leader, IsoRoles.Staff], (await AccountRules.RolesOfAsync(db, second.Id, Ct)).Order(StringComparer.Ordinal));
        Assert.Equal(Demo.Administrator, (await db.History.AsNoTracking().FirstAsync(h => h.EntityType == "IsoUser" && h.EntityId == second.Id.ToString(), Ct)).UserName);
    }

    [Fact]
    public async Task ImportCsv_WithAnyBadLine_ReportsEveryBadLine_AndStoresNothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP");
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var (good, twice) = (Fresh.Name("tot."), Fresh.Name("hai."));
        var csv = "userName,fullName,position,email,agencyCode,unitCode,roles\n"
            + $"{good},Người Tốt,,,{agency},VP,Staff\n"                  // line 2: good
            + $"{Demo.JusticeStaff},Trùng Tên,,,{agency},VP,Staff\n"     // line 3: user name taken
            + $"{twice},Lần Một,,,{agency},KHONG-CO,Staff\n"             // line 4: unknown unit
            + $"{twice},Lần Hai,,,{agency},VP,Sếp\n";                    // line 5: twice in the file, unknown role

        var imported = await scope.Get<ImportAccounts>().HandleAsync(admin, new ImportAccountsRequest(Encoding.UTF8.GetBytes(csv), "ds.csv"), Ct);

        Assert.Equal(ProblemKind.Invalid, imported.Problem!.Kind);
        Assert.Equal(["lines[3].userName", "lines[4].unitCode", "lines[5].roles", "lines[5].userName"], imported.Problem.Errors.Keys.Order(StringComparer.Ordinal));
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        Assert.False(await db.Users.AnyAsync(u => u.UserName == good || u.UserName == twice, Ct));
    }

    [Fact]
    public async Task ImportXlsx_GoodAndBadSheets_AllOrNone_AndAnAgencyAdministratorMayNotGrantAdministrator()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP");
        var agencyAdmin = await Fresh.AccountAsync(scope, agency, null, IsoRoles.AgencyAdministrator);
        var caller = await scope.ServiceProvider.CallerAsync(agencyAdmin.UserName);
        var (one, two, three) = (Fresh.Name("x."), Fresh.Name("x."), Fresh.Name("x."));
        var good = Xlsx(["Tên đăng nhập", "Họ và tên", "Mã đơn vị", "Vai trò"], [one, "Excel Một", "VP", "Staff"], [two, "Excel Hai", "", "Leader; Staff"]);
        var bad = Xlsx(["userName", "fullName", "unitCode", "roles"], [three, "Excel Ba", "VP", "Staff"], [Fresh.Name("x."), "Muốn Quản Trị", "VP", "Administrator"]);

        var imported = await scope.Get<ImportAccounts>().HandleAsync(caller, new ImportAccountsRequest(good, "ds.xlsx"), Ct);
        var refused = await scope.Get<ImportAccounts>().HandleAsync(caller, new ImportAccountsRequest(bad, "ds.xlsx"), Ct);
        var notAFile = await scope.Get<ImportAccounts>().HandleAsync(caller, new ImportAccountsRequest([0x50, 0x4B, 1, 2, 3], "hong.xlsx"), Ct);

        Assert.True(imported.Succeeded, imported.Problem?.ToString());
        Assert.Equal([one, two], imported.Value.Select(p => p.UserName));
        Assert.Equal(["lines[3].roles"], refused.Problem!.Errors.Keys);
        Assert.Equal(["file"], notAFile.Problem!.Errors.Keys);
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(2, await db.Users.CountAsync(u => u.UserName == one || u.UserName == two, Ct));
        Assert.False(await db.Users.AnyAsync(u => u.UserName == three, Ct));
        Assert.Equal(agency, (await db.Users.AsNoTracking().Include(u => u.Agency).SingleAsync(u => u.UserName == one, Ct)).Agency!.Code);
    }

    [Fact]
    public async Task Import_WithoutTheRequiredColumns_SaysWhichAreMissing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);

        var imported = await scope.Get<ImportAccounts>().HandleAsync(admin, new ImportAccountsRequest(Encoding.UTF8.GetBytes("a,b\n1,2\n"), "x.csv"), Ct);

        Assert.Equal(["file"], imported.Problem!.Errors.Keys);
        Assert.Equal("Import_MissingColumns", imported.Problem.Errors["file"][0].Key);
    }

    [Fact]
    public async Task Export_CsvAndXlsx_ListTheFilteredAccounts_WithoutPasswordData()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP");
        var person = await Fresh.AccountAsync(scope, agency, "VP", IsoRoles.Staff, IsoRoles.Leader);
        var admin = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
        var export = scope.Get<ExportAccounts>();
        await using var db = await scope.Get<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var stored = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == person.UserName, Ct);

        var csv = await export.HandleAsync(admin, new ListAccountsRequest(AgencyCode: agency), AccountFileFormat.Csv, Ct);
        var xlsx = await export.HandleAsync(admin, new ListAccountsRequest(AgencyCode: agency), AccountFileFormat.Xlsx, Ct);

        var text = Encoding.UTF8.GetString(csv.Value.Content);
        Assert.Equal("text/csv", csv.Value.ContentType);
        Assert.Contains(person.UserName, text, StringComparison.Ordinal);
        Assert.Contains("Leader; Staff", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        foreach (var secret in new[] { person.Password, stored.PasswordHash!, stored.SecurityStamp! })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        using var workbook = new XLWorkbook(new MemoryStream(xlsx.Value.Content));
        var sheet = workbook.Worksheets.First();
        Assert.Equal("Tên đăng nhập", sheet.Cell(1, 1).GetString());
        Assert.Equal(person.UserName, sheet.Cell(2, 1).GetString());
        Assert.True(sheet.Cell(3, 1).IsEmpty());
        // The export is an import template: its columns are read back as they were written.
        var (lines, problem) = AccountFiles.Read(xlsx.Value.Content, "x.xlsx");
        Assert.Null(problem);
        Assert.Equal([IsoRoles.Leader, IsoRoles.Staff], Assert.Single(lines).Input.Roles);
    }

    private static byte[] Xlsx(string[] header, params string[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("DS");
        foreach (var (row, r) in rows.Prepend(header).Select((row, r) => (row, r + 1)))
        {
            for (var c = 0; c < row.Length; c++)
            {
                sheet.Cell(r, c + 1).Value = row[c];
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
