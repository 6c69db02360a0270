using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using Iso.Data;
using Iso.Data.Procedures;
using Iso.Data.Identity;
using Iso.Web.Application;
using Iso.Web.Procedures;
using Iso.Web.Tests.Auth;
using Iso.Web.Tests.Procedures;
using Iso.Web.Tests.TestSupport;
using Iso.Web.Tthc;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Tthc;

/// <summary>The TTHC catalogue runs in an agency of its own per test (a fresh commune), so counts and coverage are exact.</summary>
public sealed class TthcCatalogueTests(IsoWebFactory factory)
{
    private const string Header = "Mã TTHC,Tên TTHC,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết (ngày làm việc),\"Phí, lệ phí\",Căn cứ pháp lý,Quyết định công bố,Quy trình nội bộ";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImportCsv_GoodFile_AddsEveryRow_AndFlagsCoverage()
    {
        var (officer, key) = await NewAgencyWithProcedureAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var caller = await scope.ServiceProvider.CallerAsync(officer);
        var csv = string.Join("\n",
            Header,
            $"1.001806,Cấp bản sao trích lục hộ tịch,Hộ tịch,Cấp xã,10,\"8.000 đồng/bản\",Luật Hộ tịch 2014,2022/QĐ-UBND,{key}",
            $"1.000948.H38,Đăng ký khai sinh,Hộ tịch,Cấp xã,5,Miễn phí,Luật Hộ tịch 2014,2022/QĐ-UBND,{key}",
            "1.001193,Chứng thực bản sao,Chứng thực,Cấp xã,\"2,5\",,,,");

        var result = await scope.Get<TthcCatalogue>().ImportAsync(caller, Utf8(csv), TthcFileFormat.Csv, Ct);

        Assert.True(result.Succeeded, result.Problem?.ToString());
        Assert.Equal(new TthcImportResult(3, 0), result.Value);
        var view = (await scope.Get<TthcCatalogue>().GetAsync(caller, null, Ct)).Value;
        Assert.Equal(3, view.Total);
        Assert.Equal(2, view.Covered);
        Assert.Equal(0.6667m, view.Coverage);
        Assert.Equal("ok", view.Items.Single(i => i.Code == "1.001806").Flag);
        Assert.Equal("exceedsStatutory", view.Items.Single(i => i.Code == "1.000948.H38").Flag);
        Assert.Equal("noProcedure", view.Items.Single(i => i.Code == "1.001193").Flag);
        Assert.Equal(2.5m, view.Items.Single(i => i.Code == "1.001193").StatutoryWorkingDays);
    }

    [Fact]
    public async Task ImportCsv_WithABadRow_ReportsLineAndColumn_AndStoresNothing()
    {
        var (officer, _) = await NewAgencyWithProcedureAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var caller = await scope.ServiceProvider.CallerAsync(officer);
        var csv = string.Join("\n",
            Header,
            "1.001806,Cấp bản sao trích lục hộ tịch,Hộ tịch,Cấp xã,10,,,,",
            "1-0018,Mã sai,Hộ tịch,Cấp xã,mười,,,,",
            "1.001806,Trùng mã,Hộ tịch,Cấp xã,3,,,,khong-co-quy-trinh");

        var result = await scope.Get<TthcCatalogue>().ImportAsync(caller, Utf8(csv), TthcFileFormat.Csv, Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Equal(
            ["lines[3].code", "lines[3].statutoryWorkingDays", "lines[4].code", "lines[4].procedureKey"],
            result.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, (await scope.Get<TthcCatalogue>().GetAsync(caller, null, Ct)).Value.Total);
    }

    [Fact]
    public async Task ImportXlsx_GoodFile_AddsRows_AndABadOneStoresNothing()
    {
        var (officer, key) = await NewAgencyWithProcedureAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var caller = await scope.ServiceProvider.CallerAsync(officer);
        var catalogue = scope.Get<TthcCatalogue>();

        var good = Workbook(
            ["1.001806", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", "Cấp xã", 10, "8.000 đồng", "Luật Hộ tịch", "2022/QĐ-UBND", key],
            ["2.000815", "Chứng thực chữ ký", "Chứng thực", "Cấp xã", 1, "10.000 đồng", "", "", ""]);
        var bad = Workbook(
            ["2.000908", "Thủ tục mới", "Chứng thực", "Cấp xã", 400, "", "", "", ""],
            ["", "Không có mã", "Chứng thực", "Cấp xã", 1, "", "", "", ""]);

        var imported = await catalogue.ImportAsync(caller, good, TthcFileFormat.Xlsx, Ct);
        var refused = await catalogue.ImportAsync(caller, bad, TthcFileFormat.Xlsx, Ct);

        Assert.Equal(new TthcImportResult(2, 0), imported.Value);
        Assert.Equal(["lines[2].statutoryWorkingDays", "lines[3].code"], refused.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
        var view = (await catalogue.GetAsync(caller, null, Ct)).Value;
        Assert.Equal(["1.001806", "2.000815"], view.Items.Select(i => i.Code));
        Assert.Equal(0.5m, view.Coverage);
    }

    [Fact]
    public async Task ImportXlsx_ThroughTheApi_AndTheCatalogueReturnsCoverage()
    {
        var (officer, key) = await NewAgencyWithProcedureAsync();
        using var client = await factory.CreateClientForAsync(officer, Demo.Password);
        using var content = new StreamContent(Workbook(["1.001806", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", "Cấp xã", 10, "", "", "", key]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        using var response = await client.PostAsync("/api/v1/tthc/import", content, Ct);
        using var badCsv = new StringContent("Mã TTHC,Tên TTHC\nabc,\n", Encoding.UTF8, "text/csv");
        using var refused = await client.PostAsync("/api/v1/tthc/import", badCsv, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var problem = await HttpAssert.ProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.Contains("Dòng 2", problem.GetProperty("errors").GetProperty("lines[2].code")[0].GetString(), StringComparison.Ordinal);
        var view = await client.GetFromJsonAsync<JsonElement>("/api/v1/tthc", Ct);
        Assert.Equal(1m, view.GetProperty("coverage").GetDecimal());
        Assert.Equal(1, view.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Import_ByStaff_IsForbidden()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var staff = await scope.ServiceProvider.CallerAsync(Demo.JusticeStaff);

        var result = await scope.Get<TthcCatalogue>().ImportAsync(staff, Utf8(Header), TthcFileFormat.Csv, Ct);

        Assert.Equal(ProblemKind.Forbidden, result.Problem?.Kind);
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    private static MemoryStream Workbook(params object[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("TTHC");
        var headers = Header.Replace("\"", string.Empty, StringComparison.Ordinal).Split(',');
        var names = new List<string>(headers[..5]) { "Phí, lệ phí" };
        names.AddRange(headers[7..]);
        for (var c = 0; c < names.Count; c++)
        {
            sheet.Cell(1, c + 1).Value = names[c];
        }

        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = sheet.Cell(r + 2, c + 1);
                if (rows[r][c] is int number)
                {
                    cell.Value = number;
                }
                else
                {
                    cell.SetValue(rows[r][c]?.ToString() ?? string.Empty);
                    cell.DataType = XLDataType.Text;
                }
            }
        }

        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }

    /// <summary>A fresh agency with the four usual units, a quality officer and a leader, and a published adopted procedure
    /// (tthc-mot-cap, 10 working days).</summary>
    private async Task<(string Officer, string Key)> NewAgencyWithProcedureAsync()
    {
        var code = "TTHC" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var officer = TestAccounts.NewUserName("tthc-officer");
        var leader = TestAccounts.NewUserName("tthc-leader");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
            var justice = await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == Demo.JusticeCode, Ct);
            var agency = new Iso.Data.Organisation.Agency
            {
                Id = Guid.NewGuid(), Code = code, Name = "Sở thử TTHC " + code, KindCode = "department", ParentId = justice.ParentId, EffectiveFrom = new DateOnly(2021, 1, 1),
            };
            db.Agencies.Add(agency);
            foreach (var unit in new[] { "VP", "MOT-CUA", "CHUYEN-MON", "VAN-THU" })
            {
                db.Units.Add(new Iso.Data.Organisation.OrgUnit { Id = Guid.NewGuid(), AgencyId = agency.Id, Code = unit, Name = unit, EffectiveFrom = new DateOnly(2021, 1, 1) });
            }

            await db.SaveChangesAsync(Ct);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>();
            foreach (var (name, role) in new[] { (officer, IsoRoles.QualityOfficer), (leader, IsoRoles.Leader) })
            {
                Assert.True((await users.CreateAsync(new IsoUser { UserName = name, FullName = "Người thử", AgencyId = agency.Id, IsActive = true }, Demo.Password)).Succeeded);
                Assert.True((await users.AddToRoleAsync((await users.FindByNameAsync(name))!, role)).Succeeded);
            }
        }

        var key = ProcedureTestData.NewKey();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var author = await scope.ServiceProvider.CallerAsync(officer);
            var approver = await scope.ServiceProvider.CallerAsync(leader);
            await ProcedureTestData.AdoptAsync(scope, author, key);
            Assert.True((await scope.Get<ProcedurePublishing>().SubmitAsync(author, key, 1, Ct)).Succeeded);
            var approved = await scope.Get<ProcedurePublishing>().ApproveAsync(approver, key, 1, new ApproveProcedureRequest("1/QĐ", new DateOnly(2026, 1, 2)), Ct);
            Assert.True(approved.Succeeded, approved.Problem?.ToString());
        }

        return (officer, key);
    }
}
