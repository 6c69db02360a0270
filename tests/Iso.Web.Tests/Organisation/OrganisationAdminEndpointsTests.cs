using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Web.Organisation;
using Iso.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Iso.Web.Tests.Organisation.OrganisationFixture;

namespace Iso.Web.Tests.Organisation;

/// <summary><c>/api/v1/admin/agencies</c> and <c>/api/v1/agencies/{code}/figures</c> on the shared app.</summary>
public sealed class OrganisationAdminEndpointsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAdministrator_CreatesRenamesAndMergesAgencies_ThenFiguresArePerOldOrPerNew()
    {
        using var admin = await factory.CreateClientForAsync(Demo.Administrator, Demo.Password);
        var (a, b, ward) = (NewCode("T"), NewCode("T"), NewCode("W"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var caller = await scope.ServiceProvider.CallerAsync(Demo.Administrator);
            var commune = await CommuneAsync(scope, caller, "UBND xã API", Ct);
            a = commune.Code;
            await StartCaseAsync(scope, commune.Id, "HS-API-1", Ct);
        }

        using var created = await admin.PostAsJsonAsync("/api/v1/admin/agencies",
            new { code = b, name = "UBND xã API Hai", kindCode = "commune", parentCode = "DAKNONG", effectiveFrom = "2024-01-01" }, Ct);
        using var unit = await admin.PostAsJsonAsync($"/api/v1/admin/agencies/{b}/units", new { code = "VP", name = "Văn phòng", effectiveFrom = "2024-01-01" }, Ct);
        using var renamed = await admin.PostAsJsonAsync($"/api/v1/admin/agencies/{b}/rename", new { name = "UBND xã API Hai (mới)", from = "2025-01-01" }, Ct);
        using var updated = await admin.PutAsJsonAsync($"/api/v1/admin/agencies/{b}", new { shortName = "Xã API 2", sortOrder = 7 }, Ct);
        var merge = new { predecessors = new[] { a, b }, newSuccessor = new { code = ward, name = "UBND phường API", kindCode = "commune", parentCode = "DAKNONG" }, from = "2025-07-01" };
        var preview = await (await admin.PostAsJsonAsync("/api/v1/admin/agencies/merge/preview", merge, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var merged = await admin.PostAsJsonAsync("/api/v1/admin/agencies/merge", merge, Ct);
        var report = await merged.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var perNew = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/agencies/{ward}/figures?lineage=true", Ct);
        var newAlone = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/agencies/{ward}/figures?lineage=false", Ct);
        var perOld = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/agencies/{a}/figures", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, unit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(1, preview.GetProperty("openCases").GetInt32());
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Equal(1, report.GetProperty("casesMoved").GetInt32());
        Assert.Equal(ward, report.GetProperty("successor").GetProperty("code").GetString());
        Assert.Equal((1, 1, 3), (perNew.GetProperty("casesReceived").GetInt32(), perNew.GetProperty("casesRunning").GetInt32(), perNew.GetProperty("agencies").GetArrayLength()));
        Assert.Equal(1, newAlone.GetProperty("casesRunning").GetInt32());
        Assert.Equal((1, 0, 1), (perOld.GetProperty("casesReceived").GetInt32(), perOld.GetProperty("casesRunning").GetInt32(), perOld.GetProperty("casesTransferredOut").GetInt32()));
        Assert.Equal(0, perOld.GetProperty("people").GetInt32());
    }

    [Fact]
    public async Task Staff_AreForbiddenTheAdminEndpoints()
    {
        using var staff = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        using var create = await staff.PostAsJsonAsync("/api/v1/admin/agencies",
            new { code = "XX", name = "X", kindCode = "commune", effectiveFrom = "2024-01-01" }, Ct);
        using var close = await staff.PostAsJsonAsync("/api/v1/admin/agencies/STP/close", new { from = "2025-07-01" }, Ct);

        await HttpAssert.ProblemAsync(create, HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(close, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task BadRequests_Are400NamingTheField_AndUnknownAgenciesAre404()
    {
        using var admin = await factory.CreateClientForAsync(Demo.Administrator, Demo.Password);

        using var noDate = await admin.PostAsJsonAsync("/api/v1/admin/agencies/STP/close", new { }, Ct);
        using var badDate = await admin.PostAsJsonAsync("/api/v1/admin/agencies/STP/rename", new { name = "Sở", from = "01/07/2025" }, Ct);
        using var people = await admin.PostAsJsonAsync("/api/v1/admin/agencies/STP/close", new { from = "2025-07-01" }, Ct);
        using var unknown = await admin.PostAsJsonAsync("/api/v1/admin/agencies/KHONGCO/units", new { code = "VP", name = "VP", effectiveFrom = "2024-01-01" }, Ct);
        using var figures = await admin.GetAsync("/api/v1/agencies/KHONGCO/figures", Ct);

        Assert.True((await HttpAssert.ProblemAsync(noDate, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("from", out _));
        Assert.True((await HttpAssert.ProblemAsync(badDate, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("from", out _));
        Assert.Contains("tài khoản", (await HttpAssert.ProblemAsync(people, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("code")[0].GetString(), StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(unknown, HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(figures, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Figures_OfAnotherAgency_AreForbiddenToStaff_ButTheirOwnAreRead()
    {
        using var staff = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        using var other = await staff.GetAsync($"/api/v1/agencies/{Demo.HomeAffairsCode}/figures", Ct);
        var own = await staff.GetFromJsonAsync<AgencyFigures>($"/api/v1/agencies/{Demo.JusticeCode}/figures?lineage=true", Ct);

        await HttpAssert.ProblemAsync(other, HttpStatusCode.Forbidden);
        Assert.Equal(Demo.JusticeCode, own!.Code);
        Assert.True(own.People > 0);
    }
}
