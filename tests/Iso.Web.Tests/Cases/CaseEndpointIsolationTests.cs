using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Iso.Data;
using Iso.Web.Cases;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Cases;

/// <summary>
/// Isolation per endpoint, over every case and task endpoint the app maps (read from its <see cref="EndpointDataSource"/>,
/// so a new endpoint fails <see cref="EveryCaseAndTaskEndpoint_IsClassified"/> until it is given its rule here): staff of
/// another agency get 404 for every one naming a case, task, file or apology; auditors read but get 403 on every acting one.
/// </summary>
public sealed class CaseEndpointIsolationTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What each endpoint is: it names something of one agency and reads it or acts on it; or it is the caller's
    /// own (their inbox, filters, list), or the administrators' (faulted cases of every agency).</summary>
    private enum Kind
    {
        Read,
        Act,
        Own,
        AdministratorsOnly,
    }

    private static readonly Dictionary<string, Kind> Rules = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/cases/"] = Kind.Own,
        ["GET /api/v1/cases/"] = Kind.Own,
        ["GET /api/v1/cases/{id}"] = Kind.Read,
        ["GET /api/v1/cases/{id}/receipt"] = Kind.Read,
        ["GET /api/v1/cases/{id}/sheet"] = Kind.Read,
        ["GET /api/v1/cases/{id}/sync"] = Kind.Read,
        ["GET /api/v1/cases/{id}/apology"] = Kind.Read,
        ["POST /api/v1/cases/{id}/apology"] = Kind.Act,
        ["POST /api/v1/cases/{id}/apology/issue"] = Kind.Act,
        ["GET /api/v1/cases/{id:guid}/files"] = Kind.Read,
        ["GET /api/v1/cases/{id:guid}/files/{fileId:guid}"] = Kind.Read,
        ["GET /api/v1/cases/faulted"] = Kind.AdministratorsOnly,
        ["POST /api/v1/cases/faulted/retry"] = Kind.AdministratorsOnly,
        ["POST /api/v1/cases/faulted/cancel"] = Kind.AdministratorsOnly,
        ["GET /api/v1/tasks/"] = Kind.Own,
        ["GET /api/v1/tasks/{id:guid}"] = Kind.Read,
        ["GET /api/v1/tasks/{id:guid}/candidates"] = Kind.Read,
        ["POST /api/v1/tasks/{id:guid}/claim"] = Kind.Act,
        ["POST /api/v1/tasks/{id:guid}/complete"] = Kind.Act,
        ["POST /api/v1/tasks/{id:guid}/release"] = Kind.Act,
        ["POST /api/v1/tasks/{id:guid}/reassign"] = Kind.Act,
        ["GET /api/v1/tasks/filters"] = Kind.Own,
        ["POST /api/v1/tasks/filters"] = Kind.Own,
        ["DELETE /api/v1/tasks/filters/{id:guid}"] = Kind.Own,
    };

    [Fact]
    public void EveryCaseAndTaskEndpoint_IsClassified()
    {
        var mapped = CaseAndTaskEndpoints();

        Assert.Equal([], [.. mapped.Where(e => !Rules.ContainsKey(e)).Order(StringComparer.Ordinal)]);
        Assert.Equal([], [.. Rules.Keys.Where(k => !mapped.Contains(k)).Order(StringComparer.Ordinal)]);
    }

    [Fact]
    public async Task StaffOfAnotherAgency_Get404_OnEveryEndpointNamingACaseTaskFileOrApology_AndChangeNothing()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var target = await TargetAsync(world);
        using var stranger = await factory.CreateClientForAsync(world.OtherLeader, Demo.Password);

        foreach (var (endpoint, kind) in Rules.Where(r => r.Value is Kind.Read or Kind.Act))
        {
            foreach (var id in IdsFor(endpoint, target))
            {
                using var response = await SendAsync(stranger, endpoint, id, target);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{endpoint} ({id}) as another agency's leader: {(int)response.StatusCode}");
            }
        }

        await AssertUntouchedAsync(target);

        // The lists: the case is not in them, and asking for the agency by name is refused.
        using var list = await stranger.GetAsync("/api/v1/cases?pageSize=100", Ct);
        Assert.DoesNotContain((await list.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray(), c => c.GetProperty("id").GetGuid() == target.CaseId);
        using var named = await stranger.GetAsync($"/api/v1/cases?agency={world.AgencyId}", Ct);
        await HttpAssert.ProblemAsync(named, HttpStatusCode.Forbidden);
        using var inbox = await stranger.GetAsync("/api/v1/tasks?pageSize=100", Ct);
        Assert.DoesNotContain((await inbox.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray(), t => t.GetProperty("id").GetGuid() == target.TaskId);
    }

    [Fact]
    public async Task Auditor_ReadsEveryReadEndpoint_AndGets403_OnEveryActingOne()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var target = await TargetAsync(world);
        using var auditor = await factory.CreateClientForAsync(Demo.Auditor, Demo.Password);
        using var own = await factory.CreateClientForAsync(world.Clerk, Demo.Password);

        foreach (var (endpoint, kind) in Rules.Where(r => r.Value is Kind.Read or Kind.Act or Kind.AdministratorsOnly))
        {
            foreach (var id in IdsFor(endpoint, target))
            {
                using var response = await SendAsync(auditor, endpoint, id, target);
                // Reading: what the agency's own staff read (a case started without reception has no receipt: 404 for both).
                var expected = HttpStatusCode.Forbidden;
                if (kind == Kind.Read)
                {
                    using var ownResponse = await SendAsync(own, endpoint, id, target);
                    expected = ownResponse.StatusCode;
                    Assert.True(expected == HttpStatusCode.OK || endpoint.EndsWith("/receipt", StringComparison.Ordinal), $"{endpoint} as the agency's clerk: {(int)expected}");
                }

                Assert.True(response.StatusCode == expected, $"{endpoint} ({id}) as auditor: {(int)response.StatusCode}, expected {(int)expected}");
            }
        }

        await AssertUntouchedAsync(target);
        using var list = await auditor.GetAsync($"/api/v1/cases?agency={world.AgencyId}", Ct);
        Assert.Contains((await list.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray(), c => c.GetProperty("id").GetGuid() == target.CaseId);
    }

    [Fact]
    public async Task OnlyTheCandidateRoleAndUnit_OrTheAssignee_CompletesATask()
    {
        var world = await InboxWorld.CreateAsync(factory);
        var (_, taskId) = await world.StartAsync("HS-CAND");
        var accept = new { outcome = "accept", form = new { receiptNo = "000.00.15.H01-261201-0099", applicantName = "Nguyễn Thị Bích" } };
        using var specialist = await factory.CreateClientForAsync(world.Specialist, Demo.Password);
        using var leader = await factory.CreateClientForAsync(world.Leader, Demo.Password);
        using var clerk = await factory.CreateClientForAsync(world.Clerk, Demo.Password);
        using var secondClerk = await factory.CreateClientForAsync(world.SecondClerk, Demo.Password);

        // Staff of another unit, and a leader (another role), are not candidates of the desk's intake step.
        using (var r = await specialist.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", accept, Ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.Forbidden);
        }

        using (var r = await leader.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", accept, Ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.Forbidden);
        }

        // Once a clerk took it, the other clerk (same role and unit) may not complete it; its assignee does.
        using (var r = await clerk.PostAsync($"/api/v1/tasks/{taskId}/claim", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using (var r = await secondClerk.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", accept, Ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.Forbidden);
        }

        using (var r = await clerk.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", accept, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
    }

    private sealed record Target(Guid CaseId, string Code, Guid TaskId, Guid FileId, int Apologies, long JournalLength);

    /// <summary>A late case of the world's agency with its open intake task, a file and a pending apology draft.</summary>
    private async Task<Target> TargetAsync(InboxWorld world)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var clerk = await InboxWorld.CallerAsync(scope, world.Clerk);
        var started = await scope.Get<StartCase>().HandleAsync(clerk, new StartCaseRequest(InboxWorld.Procedure, "HS-ISO"), Ct);
        Assert.True(started.Succeeded, started.Problem?.ToString());
        var caseId = started.Value.CaseId;
        var taskId = started.Value.OpenTasks.Single().Id;
        await using var pdf = new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"));
        var file = await scope.Get<CaseFiles>().AttachAsync(clerk, caseId, taskId, "don.pdf", pdf, Ct);
        Assert.True(file.Succeeded, file.Problem?.ToString());
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var past = DateTimeOffset.UtcNow.AddDays(-1);
        await db.Set<WorkflowCaseRecord>().Where(c => c.Id == caseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.DueAt, past), Ct);
        var drafted = await scope.Get<CaseApologies>().DraftAsync(clerk, started.Value.CaseCode!, new DraftApologyRequest(), Ct);
        Assert.True(drafted.Succeeded, drafted.Problem?.ToString());
        var journal = await scope.Get<IWorkflowStore>().GetJournalAsync(caseId, Ct);
        return new Target(caseId, started.Value.CaseCode!, taskId, file.Value.Id, 1, journal.Count);
    }

    private async Task AssertUntouchedAsync(Target target)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.Get<IWorkflowStore>();
        var task = await store.FindTaskAsync(target.TaskId, Ct);
        Assert.Equal(WorkflowTaskStatus.Open, task!.Status);
        Assert.Null(task.AssigneeId);
        var apologies = await store.GetApologiesAsync(target.CaseId, Ct);
        Assert.Equal(target.Apologies, apologies.Count);
        Assert.All(apologies, a => Assert.Null(a.IssuedAt));
        Assert.Equal(target.JournalLength, (await store.GetJournalAsync(target.CaseId, Ct)).Count);
    }

    /// <summary>The ids an endpoint is tried with: a case endpoint taking a code takes the GUID too.</summary>
    private static IEnumerable<string> IdsFor(string endpoint, Target target) =>
        endpoint.StartsWith("GET /api/v1/cases/faulted", StringComparison.Ordinal) || endpoint.Contains("/faulted/", StringComparison.Ordinal) ? ["-"]
        : endpoint.Contains("/cases/{id}", StringComparison.Ordinal) ? [target.Code, target.CaseId.ToString()]
        : endpoint.Contains("/cases/{id:guid}", StringComparison.Ordinal) ? [target.CaseId.ToString()]
        : [target.TaskId.ToString()];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string endpoint, string id, Target target)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        var method = endpoint[..space];
        var path = endpoint[(space + 1)..]
            .Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal)
            .Replace("{id:guid}", id, StringComparison.Ordinal)
            .Replace("{fileId:guid}", target.FileId.ToString(), StringComparison.Ordinal);
        object body = endpoint switch
        {
            _ when endpoint.EndsWith("/complete", StringComparison.Ordinal) => new { outcome = "accept", form = new { receiptNo = target.Code, applicantName = "Nguyễn Thị Bích" } },
            _ when endpoint.EndsWith("/reassign", StringComparison.Ordinal) => new { toUserId = Guid.NewGuid() },
            _ when endpoint.Contains("/faulted/", StringComparison.Ordinal) => new { caseIds = new[] { target.CaseId }, reason = "Thử" },
            _ => new { },
        };
        return method switch
        {
            "GET" => await client.GetAsync(path, Ct),
            "POST" => await client.PostAsJsonAsync(path, body, Ct),
            "DELETE" => await client.DeleteAsync(path, Ct),
            _ => throw new InvalidOperationException(endpoint),
        };
    }

    private List<string> CaseAndTaskEndpoints() =>
    [
        .. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw
                && (raw.TrimStart('/').StartsWith("api/v1/cases", StringComparison.Ordinal) || raw.TrimStart('/').StartsWith("api/v1/tasks", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct(),
    ];
}
