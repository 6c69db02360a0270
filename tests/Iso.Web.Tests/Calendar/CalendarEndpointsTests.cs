using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Web.Tests.TestSupport;

namespace Iso.Web.Tests.Calendar;

/// <summary><c>/api/v1/admin/calendar/{year}</c> on the shared app. Year 2031 is used so that no other test's due moments move.</summary>
public sealed class CalendarEndpointsTests(IsoWebFactory factory)
{
    private const int Year = 2031;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_ByTheAdministrator_EntersTheYear_WithHistory_AndGetShowsItBesideTheDefault()
    {
        using var admin = await factory.CreateClientForAsync(Demo.Administrator, Demo.Password);
        var days = new
        {
            days = new object[]
            {
                new { date = "2031-01-01", kind = "holiday", name = "Tết Dương lịch" },
                new { date = "2031-01-02", kind = "holiday", name = "Nghỉ hoán đổi" },
                new { date = "2031-01-11", kind = "workingDay", name = "Làm bù cho ngày 02/01" },
            },
        };

        using var preview = await admin.PostAsJsonAsync($"/api/v1/admin/calendar/{Year}/preview", days, Ct);
        using var saved = await admin.PutAsJsonAsync($"/api/v1/admin/calendar/{Year}", days, Ct);
        var year = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/calendar/{Year}", Ct);
        var history = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/calendar/{Year}/history", Ct);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.True(year.GetProperty("isEntered").GetBoolean());
        Assert.Equal(3, year.GetProperty("days").GetArrayLength());
        Assert.Contains(year.GetProperty("computedDefault").EnumerateArray(), d => d.GetProperty("date").GetString() == "2031-09-02");
        Assert.Contains(history.EnumerateArray(), h => h.GetProperty("userName").GetString() == Demo.Administrator && h.GetProperty("entityId").GetString()!.StartsWith("2031-01-02", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Put_WithADayOutsideTheYear_OrAnUnknownKind_IsA400NamingDays_AndStoresNothing()
    {
        using var admin = await factory.CreateClientForAsync(Demo.Administrator, Demo.Password);

        using var outside = await admin.PutAsJsonAsync(
            "/api/v1/admin/calendar/2032", new { days = new[] { new { date = "2033-01-01", kind = "holiday", name = "Tết" } } }, Ct);
        using var kind = await admin.PutAsJsonAsync(
            "/api/v1/admin/calendar/2032", new { days = new[] { new { date = "2032-01-01", kind = "vacation", name = "Tết" } } }, Ct);
        var year = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/calendar/2032", Ct);

        await HttpAssert.ProblemAsync(outside, HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(kind, HttpStatusCode.BadRequest);
        var errors = (await outside.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Contains("2033", errors.GetProperty("days")[0].GetString(), StringComparison.Ordinal);
        Assert.False(year.GetProperty("isEntered").GetBoolean());
    }

    [Fact]
    public async Task Calendar_ForStaffOrAnAuditor_IsForbidden()
    {
        using var staff = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);
        using var auditor = await factory.CreateClientForAsync(Demo.Auditor, Demo.Password);

        using var read = await staff.GetAsync($"/api/v1/admin/calendar/{Year}", Ct);
        using var write = await auditor.PutAsJsonAsync($"/api/v1/admin/calendar/{Year}", new { days = Array.Empty<object>() }, Ct);

        await HttpAssert.ProblemAsync(read, HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(write, HttpStatusCode.Forbidden);
    }
}
