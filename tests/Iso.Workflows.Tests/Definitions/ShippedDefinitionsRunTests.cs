using Iso.Workflows.Actions;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Iso.Workflows.Expressions;
using Iso.Workflows.InMemory;
using Iso.Workflows.Persistence;
using Iso.Workflows.Runtime;
using Iso.Workflows.Tests.Calendar;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Iso.Workflows.Tests.Definitions;

/// <summary>The shipped templates run end to end on the engine with the real Vietnamese working calendar,
/// in an agency that has the demo units VP, MOT-CUA, CHUYEN-MON and VAN-THU.</summary>
public sealed class ShippedDefinitionsRunTests : IDisposable
{
    private static readonly Guid Agency = Guid.Parse("0195a000-0000-7000-8000-0000000000aa");
    private static readonly Guid Commune = Guid.Parse("0195a000-0000-7000-8000-0000000000bb");

    private readonly FakeTimeProvider _time = new(CalendarTestSupport.At(2026, 3, 2, 7));
    private readonly InMemoryWorkflowStore _store = new();
    private readonly InMemoryWorkflowDefinitionStore _definitions = new();
    private readonly ExpressionEvaluator _evaluator = new(new ExpressionOptions());
    private readonly RecordingAction _publish = new("document.publish");
    private readonly RecordingAction _archive = new("record.archive");
    private readonly WorkflowRuntime _runtime;
    private readonly WorkflowDefinitionService _definitionService;

    private readonly WorkflowActor _reception = Actor(1, "Staff", "MOT-CUA");
    private readonly WorkflowActor _headOfOffice = Actor(2, "Leader", "CHUYEN-MON");
    private readonly WorkflowActor _specialist = Actor(3, "Staff", "CHUYEN-MON");
    private readonly WorkflowActor _director = Actor(4, "Leader", "VP");
    private readonly WorkflowActor _clerk = Actor(5, "Staff", "VAN-THU");
    private readonly WorkflowActor _quality = Actor(6, "QualityOfficer", "VP");
    private readonly WorkflowActor _officeStaff = Actor(7, "Staff", "VP");

    public ShippedDefinitionsRunTests()
    {
        var directory = new InMemoryOrganisationLookup();
        directory.AddAgency(Agency, "SKHCN", "Sở Khoa học và Công nghệ", "department");
        directory.AddAgency(Commune, "UBND-XA-NAM-NJANG", "UBND xã Nâm N'Jang", "commune");
        foreach (var agency in new[] { Agency, Commune })
        {
            foreach (var (code, name) in new[] { ("VP", "Văn phòng"), ("MOT-CUA", "Bộ phận một cửa"), ("CHUYEN-MON", "Phòng chuyên môn"), ("VAN-THU", "Văn thư") })
            {
                directory.AddUnit(agency, code, name);
            }
        }

        var options = new WorkflowOptions();
        IWorkflowActionHandler[] handlers = [new NotifyActionHandler(), new ApologyIssueActionHandler(), _publish, _archive];
        var catalog = new WorkflowDefinitionCatalog();
        _runtime = new WorkflowRuntime(_store, _definitions, directory, CalendarTestSupport.Create(), _evaluator, catalog,
            handlers, Options.Create(options), _time, Iso.Workflows.Journal.HmacJournalCheckpointKey.CreateRandom());
        _definitionService = new WorkflowDefinitionService(_definitions, _time, catalog);
    }

    public void Dispose() => _evaluator.Dispose();

    [Fact]
    public async Task TthcMotCap_ReceivedFridayAfter1500_CountsTenWorkingDaysFromTuesdayAndEndsGranted()
    {
        await ImportAsync("tthc-mot-cap");
        _time.SetUtcNow(CalendarTestSupport.At(2026, 4, 24, 16));
        var started = await StartAsync("tthc-mot-cap", receivedAt: CalendarTestSupport.At(2026, 4, 24, 16));

        var workflowCase = await CaseAsync(started.CaseId);
        Assert.Equal(CalendarTestSupport.At(2026, 4, 28, 7, 30), workflowCase.CountedFrom); // Mon 27/04 is Giỗ Tổ (nghỉ bù)
        Assert.Equal(CalendarTestSupport.At(2026, 5, 13, 17), workflowCase.DueAt);
        var receive = Assert.Single(started.OpenTasks);
        Assert.Equal(CalendarTestSupport.At(2026, 4, 28, 11, 30), receive.DueAt);

        var assign = await CompleteAsync(receive, _reception, "accept", form: new() { ["receiptNo"] = "000.00.12.H10-260424-0001", ["applicantName"] = "Nguyễn Văn A" });
        Assert.Equal("assign", assign.NodeId);
        var examine = await CompleteAsync(assign, _headOfOffice, "assign");
        var review = await CompleteAsync(examine, _specialist, "submit", form: new() { ["eligible"] = "true" });
        Assert.Equal(_headOfOffice.UserId, review.AssigneeId); // sameAs:assign
        var approve = await CompleteAsync(review, _headOfOffice, "submit");
        var register = await CompleteAsync(approve, _director, "approve");
        var deliver = await CompleteAsync(register, _clerk, "sent", form: new() { ["resultNo"] = "125/GP-SKHCN" });
        Assert.Equal(_reception.UserId, deliver.AssigneeId); // sameAs:receive
        Assert.Null(deliver.DueAt); // returning the result is not counted

        var done = await _runtime.CompleteTaskAsync(new CompleteTaskCommand(deliver.Id, _reception, "delivered"), Ct);
        Assert.Equal(CaseStatus.Completed, done.Status);
        Assert.Equal("completed", done.Result);
    }

    [Fact]
    public async Task TthcMotCap_SupplementRequestedDuringExamination_ReturnsToTheSpecialistOrEndsWithdrawn()
    {
        await ImportAsync("tthc-mot-cap");
        var started = await StartAsync("tthc-mot-cap", receivedAt: CalendarTestSupport.At(2026, 4, 24, 9));
        var assign = await CompleteAsync(started.OpenTasks[0], _reception, "accept", form: new() { ["receiptNo"] = "HS-2", ["applicantName"] = "Trần Thị B" });
        var examine = await CompleteAsync(assign, _headOfOffice, "assign");

        var notify = await CompleteAsync(examine, _specialist, "requestSupplement", "Thiếu bản sao giấy chứng nhận đăng ký.", new() { ["eligible"] = "true" });
        Assert.Equal("notify-supplement", notify.NodeId);
        var again = await CompleteAsync(notify, _reception, "supplemented");
        Assert.Equal("examine", again.NodeId);
        Assert.Equal(_specialist.UserId, again.AssigneeId); // back to the same specialist

        var notifyAgain = await CompleteAsync(again, _specialist, "requestSupplement", "Vẫn thiếu giấy tờ.", new() { ["eligible"] = "true" });
        var withdrawn = await _runtime.CompleteTaskAsync(new CompleteTaskCommand(notifyAgain.Id, _reception, "withdrawn", "Công dân rút hồ sơ."), Ct);
        Assert.Equal("withdrawn", withdrawn.Result);
    }

    [Fact]
    public async Task TthcCapXa_StepsInWorkingHours_RefusalEndsRejected()
    {
        await ImportAsync("tthc-cap-xa");
        _time.SetUtcNow(CalendarTestSupport.At(2026, 3, 2, 14));
        var started = await StartAsync("tthc-cap-xa", receivedAt: CalendarTestSupport.At(2026, 3, 2, 14), agency: Commune);
        var workflowCase = await CaseAsync(started.CaseId);
        Assert.Equal(CalendarTestSupport.At(2026, 3, 5, 14), workflowCase.DueAt); // 24 working hours from Mon 14:00
        Assert.Equal(CalendarTestSupport.At(2026, 3, 3, 8, 30), started.OpenTasks[0].DueAt); // 4 h: 3 h on Monday, 1 h on Tuesday

        var examine = await CompleteAsync(started.OpenTasks[0], _reception, "accept", form: new() { ["receiptNo"] = "XA-1" });
        var approve = await CompleteAsync(examine, _specialist, "proposeRefusal", "Không đủ điều kiện.");
        var register = await CompleteAsync(approve, _director, "approve");
        var deliver = await CompleteAsync(register, _clerk, "sent");
        var done = await _runtime.CompleteTaskAsync(new CompleteTaskCommand(deliver.Id, _reception, "delivered"), Ct);
        Assert.Equal("rejected", done.Result);
    }

    [Fact]
    public async Task TthcLienThong_WaitsForBothOpinions_AndADisagreementLeadsToARefusal()
    {
        await ImportAsync("tthc-lien-thong");
        var started = await StartAsync("tthc-lien-thong", receivedAt: CalendarTestSupport.At(2026, 3, 2, 8));
        var assign = await CompleteAsync(started.OpenTasks[0], _reception, "accept", form: new() { ["receiptNo"] = "LT-1" });
        var prepare = await CompleteAsync(assign, _headOfOffice, "assign");
        var afterSend = await _runtime.CompleteTaskAsync(new CompleteTaskCommand(prepare.Id, _specialist, "sent", null,
            new Dictionary<string, string?> { ["agencyA"] = "Sở Tài chính", ["agencyB"] = "Công an tỉnh" }), Ct);
        Assert.Equal(["opinion-a", "opinion-b"], afterSend.OpenTasks.Select(t => t.NodeId).Order(StringComparer.Ordinal));

        var opinionA = afterSend.OpenTasks.Single(t => t.NodeId == "opinion-a");
        var opinionB = afterSend.OpenTasks.Single(t => t.NodeId == "opinion-b");
        var waiting = await _runtime.CompleteTaskAsync(new CompleteTaskCommand(opinionA.Id, _specialist, "received", null,
            new Dictionary<string, string?> { ["agreeA"] = "true", ["opinionANo"] = "12/STC" }), Ct);
        Assert.Equal("opinion-b", Assert.Single(waiting.OpenTasks).NodeId); // join mode all

        var draft = await CompleteAsync(opinionB, _specialist, "received", form: new() { ["agreeB"] = "false", ["opinionBNo"] = "34/CAT" });
        Assert.Equal("draft-refusal", draft.NodeId);
        var review = await CompleteAsync(draft, _specialist, "submit");
        var approve = await CompleteAsync(review, _headOfOffice, "submit");
        var register = await CompleteAsync(approve, _director, "approve");
        var deliver = await CompleteAsync(register, _clerk, "sent");
        var done = await _runtime.CompleteTaskAsync(new CompleteTaskCommand(deliver.Id, _reception, "delivered"), Ct);
        Assert.Equal("rejected", done.Result);
    }

    [Fact]
    public async Task DocumentControl_ReturnGoesBackToTheDrafter_AndApprovalPublishes()
    {
        await ImportAsync("document-control");
        var started = await StartAsync("document-control", initiator: _officeStaff.UserId);
        var draftForm = new Dictionary<string, string?> { ["documentCode"] = "QT-01", ["documentTitle"] = "Quy trình kiểm soát tài liệu", ["issueNo"] = "1", ["changeSummary"] = "Ban hành lần đầu" };

        var review = await CompleteAsync(started.OpenTasks[0], _officeStaff, "submit", form: draftForm);
        var redraft = await CompleteAsync(review, _quality, "return", "Bổ sung bảng theo dõi sửa đổi.");
        Assert.Equal("draft", redraft.NodeId);
        Assert.Equal(_officeStaff.UserId, redraft.AssigneeId);

        var reviewAgain = await CompleteAsync(redraft, _officeStaff, "submit", form: draftForm);
        var approve = await CompleteAsync(reviewAgain, _quality, "pass");
        Assert.Empty(_publish.Calls);
        var done = await _runtime.CompleteTaskAsync(new CompleteTaskCommand(approve.Id, _director, "approve", null,
            new Dictionary<string, string?> { ["effectiveDate"] = "2026-05-01" }), Ct);

        Assert.Equal(CaseStatus.Completed, done.Status);
        Assert.Single(_publish.Calls);
    }

    [Fact]
    public async Task Nonconformity_NotEffectiveLoopsBackToRootCause_AndClosesOnlyAfterAnEffectiveCheck()
    {
        await ImportAsync("nonconformity-corrective-action");
        var started = await StartAsync("nonconformity-corrective-action", initiator: _officeStaff.UserId);
        var confirm = await CompleteAsync(started.OpenTasks[0], _officeStaff, "submit",
            form: new() { ["source"] = "Đánh giá nội bộ", ["description"] = "Hồ sơ trả quá hạn không có thư xin lỗi." });
        var rootCause = await CompleteAsync(confirm, _quality, "accept");

        var effectiveness = await RunCorrectiveAction(rootCause);
        var again = await CompleteAsync(effectiveness, _quality, "notEffective", "Vẫn còn hồ sơ quá hạn chưa xin lỗi.");
        Assert.Equal("root-cause", again.NodeId);
        Assert.Equal(_specialist.UserId, again.AssigneeId);

        var secondCheck = await RunCorrectiveAction(again);
        var close = await CompleteAsync(secondCheck, _quality, "effective");
        Assert.Equal("close", close.NodeId);
        var done = await _runtime.CompleteTaskAsync(new CompleteTaskCommand(close.Id, _director, "close"), Ct);
        Assert.Equal("completed", done.Result);
    }

    [Fact]
    public async Task RecordsControl_PermanentRecordsAreArchived()
    {
        await ImportAsync("records-control");
        var started = await StartAsync("records-control");
        var check = await CompleteAsync(started.OpenTasks[0], _officeStaff, "submit",
            form: new() { ["recordsTitle"] = "Hồ sơ đánh giá nội bộ 2026", ["location"] = "Văn phòng", ["retentionYears"] = "5", ["permanent"] = "true" });
        var retain = await CompleteAsync(check, _quality, "accept");
        var transfer = await CompleteAsync(retain, _officeStaff, "retentionEnded");
        Assert.Equal("transfer", transfer.NodeId);
        var done = await _runtime.CompleteTaskAsync(new CompleteTaskCommand(transfer.Id, _clerk, "transferred", null,
            new Dictionary<string, string?> { ["handoverMinutesNo"] = "01/BB-LT" }), Ct);
        Assert.Equal(CaseStatus.Completed, done.Status);
        Assert.Single(_archive.Calls);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WorkflowActor Actor(int n, string role, string unit) =>
        new(Guid.Parse($"00000000-0000-0000-0000-{n:D12}"), [role], [unit]);

    private async Task<WorkflowTaskRecord> RunCorrectiveAction(WorkflowTaskRecord rootCause)
    {
        var plan = await CompleteAsync(rootCause, _specialist, "done", form: new() { ["rootCause"] = "Chưa phân công theo dõi hạn." });
        var approve = await CompleteAsync(plan, _specialist, "submit", form: new() { ["actionPlan"] = "Cảnh báo hồ sơ sắp đến hạn.", ["targetDate"] = "2026-06-30" });
        var implement = await CompleteAsync(approve, _director, "approve");
        return await CompleteAsync(implement, _specialist, "done", form: new() { ["implementation"] = "Đã cấu hình cảnh báo." });
    }

    private async Task ImportAsync(string key) =>
        await _definitionService.ImportTemplateAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", key + ".json")), key + ".json", Ct);

    private Task<CommandResult> StartAsync(string key, DateTimeOffset? receivedAt = null, Guid? initiator = null, Guid? agency = null) =>
        _runtime.StartCaseAsync(new StartCaseCommand(agency ?? Agency, key, InitiatorId: initiator ?? _reception.UserId, ReceivedAt: receivedAt, Reference: "HS-" + key), Ct);

    private async Task<WorkflowCaseRecord> CaseAsync(Guid id) => (await _store.FindCaseAsync(id, Ct))!;

    /// <summary>Completes a task and returns the single task that opens next.</summary>
    private async Task<WorkflowTaskRecord> CompleteAsync(WorkflowTaskRecord task, WorkflowActor actor, string outcome, string? comment = null, Dictionary<string, string?>? form = null)
    {
        var result = await _runtime.CompleteTaskAsync(new CompleteTaskCommand(task.Id, actor, outcome, comment, form), Ct);
        return Assert.Single(result.OpenTasks);
    }

    private sealed class RecordingAction(string name) : IWorkflowActionHandler
    {
        public string Name => name;

        public List<Guid> Calls { get; } = [];

        public ValueTask ExecuteAsync(WorkflowActionContext context, CancellationToken cancellationToken)
        {
            Calls.Add(context.Case.Id);
            return ValueTask.CompletedTask;
        }
    }
}
