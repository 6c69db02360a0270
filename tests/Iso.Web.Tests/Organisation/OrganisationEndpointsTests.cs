using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Organisation;

public sealed class OrganisationEndpointsTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Me_ReturnsTheCallersAgencyAndRoles()
    {
        using var client = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me", Ct);

        Assert.Equal(Demo.JusticeStaff, me.GetProperty("userName").GetString());
        Assert.Equal(Demo.JusticeCode, me.GetProperty("agency").GetProperty("code").GetString());
        Assert.Equal(Demo.JusticeName, me.GetProperty("agency").GetProperty("name").GetString());
        Assert.Contains("Staff", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Agencies_ForStaff_ContainOnlyTheirOwnAgency()
    {
        using var client = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        var tree = await client.GetFromJsonAsync<JsonElement>("/api/v1/agencies", Ct);

        Assert.Equal([Demo.JusticeCode], AllCodes(tree));
    }

    [Fact]
    public async Task Agencies_ForAuditor_ContainTheWholeTree()
    {
        using var client = await factory.CreateClientForAsync(Demo.Auditor, Demo.Password);

        var tree = await client.GetFromJsonAsync<JsonElement>("/api/v1/agencies", Ct);

        var codes = AllCodes(tree);
        Assert.Contains(Demo.JusticeCode, codes);
        Assert.Contains(Demo.HomeAffairsCode, codes);
        Assert.Single(tree.EnumerateArray());
    }

    [Fact]
    public async Task People_OfAnotherAgency_ForStaff_Is403ProblemNamingTheAgency()
    {
        using var client = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        using var response = await client.GetAsync($"/api/v1/agencies/{Demo.HomeAffairsCode}/people", Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains($"'{Demo.HomeAffairsCode}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_OfOwnAgency_ForStaff_AreListed()
    {
        using var client = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        var people = await client.GetFromJsonAsync<JsonElement>($"/api/v1/agencies/{Demo.JusticeCode}/people", Ct);

        Assert.Contains(Demo.JusticeStaff, people.EnumerateArray().Select(p => p.GetProperty("userName").GetString()));
    }

    [Fact]
    public async Task People_OfAnyAgency_ForAuditor_AreListed()
    {
        using var client = await factory.CreateClientForAsync(Demo.Auditor, Demo.Password);

        var people = await client.GetFromJsonAsync<JsonElement>($"/api/v1/agencies/{Demo.HomeAffairsCode}/people", Ct);

        Assert.Contains(Demo.HomeAffairsStaff, people.EnumerateArray().Select(p => p.GetProperty("userName").GetString()));
    }

    [Fact]
    public async Task People_OfUnknownAgency_Is404Problem()
    {
        using var client = await factory.CreateClientForAsync(Demo.Auditor, Demo.Password);

        using var response = await client.GetAsync("/api/v1/agencies/KHONG-CO/people", Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("'KHONG-CO'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrganisationPage_ForStaff_ShowsOwnPeopleButNoOtherAgency()
    {
        using var client = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);

        var html = await client.GetStringAsync("/to-chuc", Ct);

        Assert.Contains(Demo.JusticeStaff, html, StringComparison.Ordinal);
        Assert.DoesNotContain(Demo.HomeAffairsStaff, html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-agency=\"{Demo.HomeAffairsCode}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountsPage_IsForAdministratorsOnly()
    {
        using var staff = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);
        using var admin = await factory.CreateClientForAsync(Demo.Administrator, Demo.Password);

        using var denied = await staff.GetAsync("/quan-tri/tai-khoan", Ct);
        var html = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync("/quan-tri/tai-khoan", Ct));
        // The grid pages on the server once the circuit is up; its rows come from the same use case as the API's list.
        // (Searched by name: other tests add people to the shared demo database, so a first page need not hold them.)
        var list = await admin.GetStringAsync($"/api/v1/admin/accounts?q={Demo.HomeAffairsStaff}", Ct)
            + await admin.GetStringAsync($"/api/v1/admin/accounts?q={Demo.JusticeStaff}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("Tài khoản người dùng", html, StringComparison.Ordinal);
        Assert.Contains(Demo.HomeAffairsStaff, list, StringComparison.Ordinal);
        Assert.Contains(Demo.JusticeStaff, list, StringComparison.Ordinal);
    }

    private static List<string> AllCodes(JsonElement nodes) =>
        [.. nodes.EnumerateArray().SelectMany(n => (List<string>)[n.GetProperty("code").GetString()!, .. AllCodes(n.GetProperty("children"))])];
}
