using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Iso.Data;
using Iso.Data.Seeding;
using Iso.Web.Application;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

public sealed class ReceiveCaseTests(IsoWebFactory factory)
{
    private const string Procedure = "tthc-mot-cap";

    private static readonly string[] RequiredDocuments =
    [
        "Tờ khai (đơn) đề nghị giải quyết thủ tục hành chính theo mẫu",
        "Bản sao giấy tờ chứng minh nhân thân (Căn cước công dân hoặc số định danh cá nhân)",
        "Giấy tờ chứng minh điều kiện giải quyết theo quy định của thủ tục",
    ];

    private static readonly byte[] Pdf = [.. "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF"u8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Reception => DemoAccounts.ReceptionStaff.UserName;

    private static ApplicantInput Applicant(string name = "Nguyễn Thị Bích") => new(name, "079301001234", "0912 345 678", "12 Lê Duẩn, phường Nghĩa Đức");

    [Fact]
    public async Task Receive_StoresTheScans_CompletesTheIntakeStep_AndGivesCodeAndAppointment()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var request = new ReceiveCaseRequest(Procedure, Applicant("Trần Văn Quét"), RequiredDocuments,
            [new ReceivedFileInput(RequiredDocuments[0], "to-khai.pdf", Pdf)]);

        var received = await scope.Get<ReceiveCase>().HandleAsync(reception, request, Ct);

        Assert.True(received.Succeeded, received.Problem?.Detail.Key);
        var view = received.Value;
        Assert.Equal("assign", Assert.Single(view.OpenTasks).NodeId);
        Assert.NotNull(view.AppointmentAt);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        var file = await db.CaseFiles.SingleAsync(f => f.CaseId == view.CaseId, Ct);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), file.Sha256);
        Assert.Equal("application/pdf", file.ContentType);
        var receipt = await scope.Get<GetReceipt>().HandleAsync(reception, view.Code, Ct);
        Assert.Equal("Trần Văn Quét", receipt.Value.ApplicantName);
        Assert.Equal(RequiredDocuments.Length, receipt.Value.Documents.Count);
        Assert.Equal(ReceiptForms.Circular03Of2025, receipt.Value.FormVersion);
        Assert.Equal(view.AppointmentAt, receipt.Value.AppointmentAt);
        var sheet = await scope.Get<GetCaseSheet>().HandleAsync(reception, view.Code, Ct);
        var intake = sheet.Value.Steps[0];
        Assert.Equal("receive", intake.NodeId);
        Assert.Equal(DemoAccounts.ReceptionStaff.FullName, intake.HandledBy);
        Assert.True(intake.OnTime);
    }

    [Theory]
    [InlineData("2026-04-29T16:00", "10")] // after 15:00, before 30/4–3/5: counted from Monday 04/05
    [InlineData("2026-04-29T14:59", "10")]
    [InlineData("2026-08-28T15:30", "10")] // Friday after 15:00, before National Day (29/8–2/9) and the swapped Saturday 22/8
    public async Task Appointment_MatchesTheCalendarDueCommand_AcrossHolidaysAndTheIntakeRule(string local, string days)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var calendar = scope.ServiceProvider.GetRequiredService<WorkingCalendar>();
        var receivedLocal = DateTime.ParseExact(local, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var receivedAt = new DateTimeOffset(receivedLocal, calendar.TimeZone.GetUtcOffset(receivedLocal));
        var stdout = new StringWriter();
        Assert.Equal(0, CalendarCli.Run(["due", "--from", local, "--working-days", days, "--intake"], calendar, stdout, new StringWriter()));
        var expected = stdout.ToString().Trim();

        var preview = await scope.Get<PreviewReception>().HandleAsync(reception, new PreviewReceptionRequest(Procedure, receivedAt), Ct);
        var received = await scope.Get<ReceiveCase>().HandleAsync(reception, new ReceiveCaseRequest(Procedure, Applicant(), RequiredDocuments, ReceivedAt: receivedAt), Ct);

        Assert.Equal(expected, Local(calendar, preview.Value.AppointmentAt!.Value));
        Assert.Equal(expected, Local(calendar, received.Value.AppointmentAt!.Value));
        Assert.Equal(receivedLocal.Hour >= 15, preview.Value.CountedFromNextWorkingPeriod);
    }

    [Fact]
    public async Task Receive_WithBadApplicantAndMissingDocuments_IsInvalidPerField()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var request = new ReceiveCaseRequest(
            Procedure,
            new ApplicantInput(" ", "12345", "12ab", new string('x', 301)),
            [RequiredDocuments[0], "Giấy khai sinh của người khác"]);

        var result = await scope.Get<ReceiveCase>().HandleAsync(reception, request, Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Equal(
            ["applicant.address", "applicant.idNumber", "applicant.name", "applicant.phone", "documents"],
            result.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, result.Problem.Errors["documents"].Count); // one unknown, two required ones missing
    }

    [Fact]
    public async Task Receive_AFileTooLargeOrOfAForbiddenType_IsInvalidForThatFile()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var tooLarge = new byte[(20 * 1024 * 1024) + 1];
        Pdf.CopyTo(tooLarge, 0);
        byte[] executable = [.. "MZ\x90\0 this is not a scan"u8];
        var request = new ReceiveCaseRequest(Procedure, Applicant(), RequiredDocuments,
        [
            new ReceivedFileInput(RequiredDocuments[0], "to-khai.pdf", tooLarge),
            new ReceivedFileInput(RequiredDocuments[1], "cccd.pdf", executable), // named .pdf, but it is not one
            new ReceivedFileInput(RequiredDocuments[2], "ok.pdf", Pdf),
        ]);

        var result = await scope.Get<ReceiveCase>().HandleAsync(reception, request, Ct);

        Assert.Equal(["files[0].content", "files[1].content"], result.Problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Validation_FileTooLarge", result.Problem.Errors["files[0].content"][0].Key);
        Assert.Equal("Validation_FileType", result.Problem.Errors["files[1].content"][0].Key);
    }

    [Fact]
    public async Task Receive_WhenTheEngineRefusesTheStart_LeavesNoReceptionAndNoFileBehind()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var fileName = $"khong-luu-{Guid.NewGuid():N}.pdf";
        // The commune template exists (a published TTHC template), but it does not apply to a department: the engine refuses.
        var request = new ReceiveCaseRequest("tthc-cap-xa", Applicant("Người Không Lưu"),
            ["Tờ khai theo mẫu", "Bản sao giấy tờ tùy thân (Căn cước công dân)"],
            [new ReceivedFileInput("Tờ khai theo mẫu", fileName, Pdf)]);

        var result = await scope.Get<ReceiveCase>().HandleAsync(reception, request, Ct);

        Assert.Equal(ProblemKind.Invalid, result.Problem?.Kind);
        Assert.Contains("không áp dụng", result.Problem!.Detail.Args[0]?.ToString(), StringComparison.Ordinal);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(Ct);
        Assert.False(await db.CaseReceptions.AnyAsync(r => r.ApplicantName == "Người Không Lưu", Ct));
        Assert.False(await db.CaseFiles.AnyAsync(f => f.FileName == fileName, Ct));
    }

    [Fact]
    public async Task Receive_ThroughTheApi_AsMultipart_StoresTheScanAndAnswers201WithTheCode()
    {
        using var client = await factory.CreateClientForAsync(Reception, Demo.Password);
        var request = new
        {
            definitionKey = Procedure,
            applicant = new { name = "Lê Thị Đa Phần", idNumber = "079301009999", phone = "0905123456", address = "Gia Nghĩa" },
            documents = RequiredDocuments,
            files = new[] { new { documentName = RequiredDocuments[1], fileName = "cccd.png" } },
        };
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json"), "request");
        var png = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]);
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(png, "files", "cccd.png");

        using var response = await client.PostAsync("/api/v1/reception/cases/upload", form, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var code = body.GetProperty("code").GetString()!;
        Assert.EndsWith(Uri.EscapeDataString(code), response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var sheet = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{code}/sheet", Ct);
        var file = Assert.Single(sheet.GetProperty("files").EnumerateArray());
        Assert.Equal("image/png", file.GetProperty("contentType").GetString());
        Assert.Equal(RequiredDocuments[1], file.GetProperty("documentName").GetString());
    }

    [Fact]
    public async Task Sync_GivesThePortalShape_WithPortalDates()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var reception = await scope.ServiceProvider.CallerAsync(Reception);
        var receivedAt = new DateTimeOffset(2026, 6, 2, 9, 15, 0, TimeSpan.FromHours(7));
        var received = await scope.Get<ReceiveCase>().HandleAsync(reception, new ReceiveCaseRequest(Procedure, Applicant("Chủ Hồ Sơ"), RequiredDocuments, ReceivedAt: receivedAt), Ct);
        using var client = await factory.CreateClientForAsync(Reception, Demo.Password);

        var sync = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{received.Value.Code}/sync", Ct);

        Assert.Equal(received.Value.Code, sync.GetProperty("maHoSo").GetString());
        Assert.Equal(Procedure, sync.GetProperty("maTTHC").GetString());
        Assert.Equal("Chủ Hồ Sơ", sync.GetProperty("chuHoSo").GetString());
        Assert.Equal("20260602091500", sync.GetProperty("ngayTiepNhan").GetString());
        Assert.Matches(@"^\d{14}$", sync.GetProperty("ngayHenTra").GetString());
        Assert.Equal("4", sync.GetProperty("trangThaiHoSo").GetString());
        Assert.Equal(JsonValueKind.Null, sync.GetProperty("ngayTra").ValueKind);
        Assert.Equal(DemoAccounts.ReceptionStaff.AgencyName, sync.GetProperty("donViXuLy").GetString());
    }

    private static string Local(WorkingCalendar calendar, DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, calendar.TimeZone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
