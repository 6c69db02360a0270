using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Iso.Data.Seeding;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Journal;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

public sealed class CaseEndpointsTests(IsoWebFactory factory)
{
    private const string Procedure = "tthc-mot-cap";

    private const string AcceptFormReceipt = "000.00.15.H01-261128-0001";

    private static readonly object AcceptForm = new { receiptNo = AcceptFormReceipt, applicantName = "Nguyễn Thị Bích" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Reception => DemoAccounts.ReceptionStaff.UserName;

    [Fact]
    public async Task StartCase_AsReception_OpensTheIntakeTaskInTheCallersInbox()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);

        using var response = await reception.PostAsJsonAsync("/api/v1/cases", new { definitionKey = Procedure, reference = "HS-001" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var caseId = started.GetProperty("caseId").GetGuid();
        Assert.Equal($"/api/v1/cases/{caseId}", response.Headers.Location?.OriginalString);
        Assert.Equal("Running", started.GetProperty("status").GetString());
        var task = Assert.Single(started.GetProperty("openTasks").EnumerateArray());
        Assert.Equal("receive", task.GetProperty("nodeId").GetString());

        var listed = await InboxPages.FindAsync(reception, t => t.GetProperty("id").GetGuid() == task.GetProperty("id").GetGuid())
            ?? throw new Xunit.Sdk.XunitException("The new intake task is not in the reception's inbox.");
        Assert.Equal(caseId, listed.GetProperty("caseId").GetGuid());
        Assert.Equal("Kiểm tra, tiếp nhận hồ sơ", listed.GetProperty("title").GetString());
        Assert.Equal("OnTime", listed.GetProperty("dueState").GetString());
    }

    [Fact]
    public async Task CompleteTask_WhenAlreadyCompleted_Is409ProblemSayingSo()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var (_, taskId) = await StartCaseAsync(reception);

        using var first = await CompleteAsync(reception, taskId, "accept", AcceptForm);
        using var second = await CompleteAsync(reception, taskId, "accept", AcceptForm);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var next = Assert.Single((await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("openTasks").EnumerateArray());
        Assert.Equal("assign", next.GetProperty("nodeId").GetString());
        var problem = await HttpAssert.ProblemAsync(second, HttpStatusCode.Conflict);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("đã được xử lý", detail, StringComparison.Ordinal);
        Assert.Contains(taskId.ToString(), detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletedTask_LeavesTheInbox()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var (_, taskId) = await StartCaseAsync(reception);

        using var completed = await CompleteAsync(reception, taskId, "accept", AcceptForm);

        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Null(await InboxPages.FindAsync(reception, t => t.GetProperty("id").GetGuid() == taskId));
    }

    [Fact]
    public async Task CaseDetails_AfterCompletion_ShowTasksAndAVerifiedJournal()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var (caseId, taskId) = await StartCaseAsync(reception);
        using var completed = await CompleteAsync(reception, taskId, "accept", AcceptForm, comment: "Hồ sơ đầy đủ.");
        completed.EnsureSuccessStatusCode();

        var details = await reception.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);

        Assert.Equal(Procedure, details.GetProperty("definitionKey").GetString());
        Assert.Equal("HS-TEST", details.GetProperty("reference").GetString());
        Assert.Equal(AcceptFormReceipt, details.GetProperty("variables").GetProperty("receiptNo").GetString());
        var tasks = details.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(["receive", "assign"], tasks.Select(t => t.GetProperty("nodeId").GetString()));
        Assert.Equal("Completed", tasks[0].GetProperty("status").GetString());
        Assert.Equal("accept", tasks[0].GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, tasks[0].GetProperty("dueState").ValueKind);
        Assert.Equal("Open", tasks[1].GetProperty("status").GetString());
        Assert.Equal("OnTime", tasks[1].GetProperty("dueState").GetString());

        var journal = details.GetProperty("journal").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(JournalKinds.CaseStarted, journal[0].GetProperty("kind").GetString());
        var completion = Assert.Single(journal, e => e.GetProperty("kind").GetString() == JournalKinds.TaskCompleted);
        Assert.Equal(taskId, completion.GetProperty("taskId").GetGuid());
        Assert.Equal("Hồ sơ đầy đủ.", completion.GetProperty("comment").GetString());
        Assert.True(details.GetProperty("journalVerification").GetProperty("isValid").GetBoolean());
        Assert.Equal("Valid", details.GetProperty("journalVerification").GetProperty("checkpoint").GetString());
    }

    [Fact]
    public async Task CaseDetails_OfACaseRewrittenInTheDatabase_ReportThatItsCheckpointDoesNotMatch()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var (caseId, _) = await StartCaseAsync(reception);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await Iso.Data.Tests.Workflows.JournalRewrite.RewriteFirstEntryCommentAsync(
                scope.ServiceProvider.GetRequiredService<Iso.Data.IsoDbContext>(), caseId, "HS-GIA-MAO", Ct);
        }

        var details = await reception.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);

        var verification = details.GetProperty("journalVerification");
        Assert.False(verification.GetProperty("isValid").GetBoolean());
        Assert.Equal("Mismatch", verification.GetProperty("checkpoint").GetString());
        Assert.Contains("rewritten without the key", verification.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffOfAnotherAgency_NeitherReadsNorCompletesTheCase_NorSeesItsTask_AllAre404()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        using var homeAffairs = await factory.CreateClientForAsync(Demo.HomeAffairsStaff, Demo.Password);
        var (caseId, taskId) = await StartCaseAsync(reception);

        using var read = await homeAffairs.GetAsync($"/api/v1/cases/{caseId}", Ct);
        using var complete = await CompleteAsync(homeAffairs, taskId, "accept", AcceptForm);
        using var claim = await homeAffairs.PostAsync($"/api/v1/tasks/{taskId}/claim", content: null, Ct);
        var inOtherInbox = await InboxPages.FindAsync(homeAffairs, t => t.GetProperty("id").GetGuid() == taskId);

        // 404, not 403: the ids of another agency's cases and tasks reveal nothing.
        await HttpAssert.ProblemAsync(read, HttpStatusCode.NotFound);
        var problem = await HttpAssert.ProblemAsync(complete, HttpStatusCode.NotFound);
        Assert.Contains(taskId.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(claim, HttpStatusCode.NotFound);
        Assert.Null(inOtherInbox);
        await AssertStillOpenAsync(reception, caseId, taskId);
    }

    [Fact]
    public async Task Auditor_ReadsTheCaseOfAnotherAgency_ButCannotCompleteItsTask()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        using var auditor = await factory.CreateClientForAsync(Demo.Auditor, Demo.Password);
        var (caseId, taskId) = await StartCaseAsync(reception);

        var details = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);
        using var complete = await CompleteAsync(auditor, taskId, "accept", AcceptForm);

        Assert.Equal(caseId, details.GetProperty("id").GetGuid());
        await HttpAssert.ProblemAsync(complete, HttpStatusCode.Forbidden);
        await AssertStillOpenAsync(reception, caseId, taskId);
    }

    [Fact]
    public async Task CompleteTask_ByStaffOfAnotherUnitOfTheAgency_Is403FromTheEngine()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        using var specialist = await factory.CreateClientForAsync(Demo.JusticeStaff, Demo.Password);
        var (caseId, taskId) = await StartCaseAsync(reception);

        using var complete = await CompleteAsync(specialist, taskId, "accept", AcceptForm);

        await HttpAssert.ProblemAsync(complete, HttpStatusCode.Forbidden);
        await AssertStillOpenAsync(reception, caseId, taskId);
    }

    [Fact]
    public async Task CompleteTask_WithoutRequiredFormFields_Is400ListingEachField()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var (caseId, taskId) = await StartCaseAsync(reception);

        using var complete = await CompleteAsync(reception, taskId, "accept", new { receiptNo = "" });

        var problem = await HttpAssert.ProblemAsync(complete, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").GetProperty("form").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("'Số giấy tiếp nhận và hẹn trả kết quả' là bắt buộc", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'Tổ chức, cá nhân nộp hồ sơ' là bắt buộc", StringComparison.Ordinal));
        await AssertStillOpenAsync(reception, caseId, taskId);
    }

    [Fact]
    public async Task CompleteTask_WithAnUnknownOutcome_Is400NamingIt()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var (_, taskId) = await StartCaseAsync(reception);

        using var complete = await CompleteAsync(reception, taskId, "approve-everything", AcceptForm);

        var problem = await HttpAssert.ProblemAsync(complete, HttpStatusCode.BadRequest);
        Assert.Contains("approve-everything", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteTask_WithoutOutcome_Is400ValidationProblem()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var (_, taskId) = await StartCaseAsync(reception);

        using var complete = await reception.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { comment = "?" }, Ct);

        var problem = await HttpAssert.ProblemAsync(complete, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("outcome", out _));
    }

    [Fact]
    public async Task ClaimTask_AssignsItToTheCaller()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var (_, taskId) = await StartCaseAsync(reception);

        using var claim = await reception.PostAsync($"/api/v1/tasks/{taskId}/claim", content: null, Ct);

        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        var task = Assert.Single((await claim.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("openTasks").EnumerateArray());
        Assert.Equal(taskId, task.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.String, task.GetProperty("assigneeId").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, task.GetProperty("claimedAt").ValueKind);
    }

    [Fact]
    public async Task StartCase_OfAnUnknownProcedure_Is400NamingIt()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);

        using var response = await reception.PostAsJsonAsync("/api/v1/cases", new { definitionKey = "khong-co-quy-trinh" }, Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("khong-co-quy-trinh", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartCase_WithAVariableOfTheWrongType_Is400NamingTheVariable()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);

        using var response = await reception.PostAsJsonAsync("/api/v1/cases", new { definitionKey = Procedure, variables = new { eligible = "có" } }, Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'eligible'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartCase_ByAnAuditor_IsForbidden()
    {
        using var auditor = await factory.CreateClientForAsync(Demo.Auditor, Demo.Password);

        using var response = await auditor.PostAsJsonAsync("/api/v1/cases", new { definitionKey = Procedure }, Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UnknownCaseAndTask_Are404Problems()
    {
        using var reception = await factory.CreateClientForAsync(Reception, Demo.Password);
        var unknown = Guid.NewGuid();

        using var caseResponse = await reception.GetAsync($"/api/v1/cases/{unknown}", Ct);
        using var taskResponse = await CompleteAsync(reception, unknown, "accept", AcceptForm);

        await HttpAssert.ProblemAsync(caseResponse, HttpStatusCode.NotFound);
        var problem = await HttpAssert.ProblemAsync(taskResponse, HttpStatusCode.NotFound);
        Assert.Contains(unknown.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inbox_WithoutSigningIn_Is401Problem()
    {
        using var anonymous = factory.CreateAnonymousClient();

        using var response = await anonymous.GetAsync("/api/v1/tasks", Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    private static async Task<(Guid CaseId, Guid TaskId)> StartCaseAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/cases", new { definitionKey = Procedure, reference = "HS-TEST" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var task = Assert.Single(started.GetProperty("openTasks").EnumerateArray());
        return (started.GetProperty("caseId").GetGuid(), task.GetProperty("id").GetGuid());
    }

    private static Task<HttpResponseMessage> CompleteAsync(HttpClient client, Guid taskId, string outcome, object form, string? comment = null) =>
        client.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome, comment, form }, Ct);

    private static async Task AssertStillOpenAsync(HttpClient client, Guid caseId, Guid taskId)
    {
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);
        var task = Assert.Single(details.GetProperty("tasks").EnumerateArray());
        Assert.Equal(taskId, task.GetProperty("id").GetGuid());
        Assert.Equal("Open", task.GetProperty("status").GetString());
    }
}
