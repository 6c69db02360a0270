using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Iso.Data.Identity;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Accounts;

public sealed class AccountsEndpointsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_CreateListUpdateResetDeactivateAndHistory_AsTheSystemAdministrator()
    {
        string agency;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP", "MOT-CUA");
        }

        using var admin = await factory.CreateClientForAsync(Demo.Administrator, Demo.Password);
        var userName = Fresh.Name("api.");

        using var created = await admin.PostAsJsonAsync("/api/v1/admin/accounts",
            new { userName, fullName = "Qua Giao Diện Lập Trình", agencyCode = agency, unitCode = "VP", roles = new[] { IsoRoles.Staff } }, Ct);
        using var duplicate = await admin.PostAsJsonAsync("/api/v1/admin/accounts",
            new { userName, fullName = "Trùng", agencyCode = agency, roles = new[] { IsoRoles.Staff } }, Ct);
        using var updated = await admin.PutAsJsonAsync($"/api/v1/admin/accounts/{userName}",
            new { fullName = "Đã Đổi Tên", unitCode = "MOT-CUA", roles = new[] { IsoRoles.Staff, IsoRoles.QualityOfficer } }, Ct);
        using var reset = await admin.PostAsync($"/api/v1/admin/accounts/{userName}/reset-password", null, Ct);
        using var deactivated = await admin.PostAsync($"/api/v1/admin/accounts/{userName}/deactivate", null, Ct);
        var list = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/accounts?agency={agency}&q=doi ten", Ct);
        var history = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/accounts/{userName}/history", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(userName, body.GetProperty("userName").GetString());
        Assert.Equal(16, body.GetProperty("password").GetString()!.Length);
        var problem = await HttpAssert.ProblemAsync(duplicate, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("userName", out _));
        Assert.Equal(HttpStatusCode.NoContent, updated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.NotEqual(body.GetProperty("password").GetString(), (await reset.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("password").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deactivated.StatusCode);
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.False(item.GetProperty("isActive").GetBoolean());
        Assert.Equal("MOT-CUA", item.GetProperty("unitCode").GetString());
        Assert.DoesNotContain(item.EnumerateObject(), p => p.Name is "password" or "passwordHash" or "securityStamp");
        Assert.DoesNotContain(body.GetProperty("password").GetString()!, list.ToString(), StringComparison.Ordinal);
        Assert.True(history.GetArrayLength() >= 4);
        Assert.All(history.EnumerateArray(), h => Assert.Equal(Demo.Administrator, h.GetProperty("userName").GetString()));
    }

    [Fact]
    public async Task Api_ImportMultipart_ReportsBadLines_AndExportIsAFile()
    {
        string agency;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            agency = await Fresh.AgencyAsync(scope.ServiceProvider, "VP");
        }

        using var admin = await factory.CreateClientForAsync(Demo.Administrator, Demo.Password);
        var userName = Fresh.Name("imp.");

        using var bad = await admin.PostAsync("/api/v1/admin/accounts/import", File($"userName,fullName,agencyCode,unitCode,roles\n{userName},Một,{agency},SAI,Staff\n"), Ct);
        using var good = await admin.PostAsync("/api/v1/admin/accounts/import", File($"userName,fullName,agencyCode,unitCode,roles\n{userName},Một,{agency},VP,Staff\n"), Ct);
        using var export = await admin.GetAsync($"/api/v1/admin/accounts/export?format=xlsx&agency={agency}", Ct);

        var problem = await HttpAssert.ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("lines[2].unitCode", out _));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(userName, (await good.Content.ReadFromJsonAsync<JsonElement>(Ct))[0].GetProperty("userName").GetString());
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_ForStaff_IsForbidden()
    {
        using var staff = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        using var list = await staff.GetAsync("/api/v1/admin/accounts", Ct);
        using var create = await staff.PostAsJsonAsync("/api/v1/admin/accounts", new { userName = "x.y", fullName = "X", roles = new[] { "Staff" } }, Ct);

        await HttpAssert.ProblemAsync(list, HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(create, HttpStatusCode.Forbidden);
    }

    private static MultipartFormDataContent File(string csv)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { content, "file", "ds.csv" } };
    }
}
