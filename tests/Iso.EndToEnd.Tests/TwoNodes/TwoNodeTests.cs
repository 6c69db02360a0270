using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Iso.Data.Seeding;
using Iso.Workflows.Journal;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Npgsql;

namespace Iso.EndToEnd.Tests.TwoNodes;

/// <summary>Two real app processes on one PostgreSQL database, driven through the HTTP API alternately:
/// each timer fires once, no completion is lost or doubled, and a login on one node is accepted by the other.</summary>
public sealed partial class TwoNodeTests
{
    private const int CaseCount = 20;

    /// <summary>Of each step's tasks, this many are completed through both nodes at the same moment.</summary>
    private const int RacedPerStep = 6;

    private static readonly TimeSpan TimerWaitLimit = TimeSpan.FromSeconds(60);

    private static readonly DemoAccount Reception = DemoAccounts.ReceptionStaff;

    [Fact]
    public async Task TwoNodes_OnOnePostgreSql_FireEachTimerOnce_AndNeitherLoseNorDoubleACompletion()
    {
        var server = Environment.GetEnvironmentVariable(TwoNodeCluster.ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip($"{TwoNodeCluster.ServerVariable} is not set: the two-node test needs a PostgreSQL server "
                + "(e.g. ISO_TEST_POSTGRES=\"Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres\"); CI sets it.");
        }

        // Every wait below is bounded; this is the backstop for the whole test.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(4));
        var ct = limit.Token;
        var clock = Stopwatch.StartNew();
        await using var cluster = await TwoNodeCluster.StartAsync(server, ct);
        Log($"Cluster up in {clock.Elapsed.TotalSeconds:0.0} s: node-a {cluster.A.BaseAddress} (pid {cluster.A.ProcessId}), node-b {cluster.B.BaseAddress} (pid {cluster.B.ProcessId}).");

        // One login on node A; its bearer token is accepted by node B (Data Protection keys live in the shared database).
        var token = await LoginAsync(cluster.A, ct);
        using var a = ApiClient(cluster.A, token);
        using var b = ApiClient(cluster.B, token);
        HttpClient[] nodes = [a, b];
        var meOnB = await b.GetFromJsonAsync<JsonElement>("/api/v1/me", ct);
        Assert.Equal(Reception.UserName, meOnB.GetProperty("userName").GetString());
        await AssertCookieFromAIsAcceptedByBAsync(cluster, ct);

        // Start the cases, alternating nodes, all at once.
        var cases = await Task.WhenAll(Enumerable.Range(0, CaseCount).Select(i => StartCaseAsync(nodes[i % 2], i, ct)));
        var caseIds = cases.Select(c => c.CaseId).ToHashSet();

        // The first step: some tasks completed through A and B at the same moment, the rest through alternating nodes.
        var firstStep = await CompleteStepAsync(a, b, [.. cases.Select(c => c.TaskId)], "accept", ct);

        // The timers (0.002 working hours ≈ 7 s) fire on whichever node claims them; then the second tasks open.
        var deliverTasks = await WaitForOpenTasksAsync(nodes, caseIds, "deliver", cluster, ct);
        Log($"All {deliverTasks.Count} timers fired and opened the next task {clock.Elapsed.TotalSeconds:0.0} s after start.");

        var secondStep = await CompleteStepAsync(b, a, [.. deliverTasks.Values], "deliver", ct);

        // Through the API, alternating nodes: every case completed, one timer fired, one completion per task, journal intact.
        for (var i = 0; i < cases.Length; i++)
        {
            var details = await nodes[i % 2].GetFromJsonAsync<JsonElement>($"/api/v1/cases/{cases[i].CaseId}", ct);
            AssertCompletedOnce(details, cases[i].TaskId, deliverTasks[cases[i].CaseId]);
        }

        // And in the database: nothing beside the API's view, nothing left pending.
        var stored = ReadStoredCounts(cluster, caseIds);
        Assert.Equal(CaseCount, stored.CompletedCases);
        Assert.Equal(CaseCount, stored.TimersFired);
        Assert.Equal(0, stored.NodeTimersNotFired);
        Assert.All(caseIds, id => Assert.Equal(1, stored.TimerFiredEntriesPerCase.GetValueOrDefault(id)));
        Assert.Equal(2 * CaseCount, stored.TaskCompletedEntriesPerTask.Count);
        Assert.All(stored.TaskCompletedEntriesPerTask.Values, count => Assert.Equal(1, count));
        Assert.Equal(2 * CaseCount, firstStep.Succeeded + secondStep.Succeeded);

        Log($"Cases: {CaseCount} started (alternating nodes), {stored.CompletedCases} completed.");
        Log($"Tasks: {2 * CaseCount} completed, {stored.TaskCompletedEntriesPerTask.Count} TaskCompleted journal entries, none doubled.");
        Log($"Races (same task through A and B at once): {firstStep.Raced + secondStep.Raced}; 200s {firstStep.RaceWins + secondStep.RaceWins}, 409s {firstStep.Conflicts + secondStep.Conflicts}.");
        Log($"Timers fired: {stored.TimersFired} ({string.Join(", ", stored.FiredByNode.OrderBy(n => n.Key).Select(n => $"{n.Key}: {n.Value}"))}); journals verified: {CaseCount}.");
        Log($"Total {clock.Elapsed.TotalSeconds:0.0} s.");
    }

    private static async Task<string> LoginAsync(AppNode node, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = Reception.UserName, password = Reception.Password }, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<AccessTokenResponse>(ct);
        return tokens!.AccessToken;
    }

    private static HttpClient ApiClient(AppNode node, string token)
    {
        var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in through the login page of node A and sends only the resulting cookie to node B.</summary>
    private static async Task AssertCookieFromAIsAcceptedByBAsync(TwoNodeCluster cluster, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var browserOnA = new HttpClient(handler) { BaseAddress = cluster.A.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var page = await browserOnA.GetStringAsync("/login", ct);
        var antiforgery = AntiforgeryField().Match(page);
        Assert.True(antiforgery.Success, "The login page of node A has no antiforgery field.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
            ["Input.UserName"] = Reception.UserName,
            ["Input.Password"] = Reception.Password,
        });
        using var login = await browserOnA.PostAsync("/login", form, ct);
        Assert.True(login.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"Login on node A answered {(int)login.StatusCode}, not a redirect.");
        var authCookie = string.Join("; ", cookies.GetCookies(cluster.A.BaseAddress!)
            .Where(c => c.Name.StartsWith("iso.auth", StringComparison.Ordinal))
            .Select(c => $"{c.Name}={c.Value}"));
        Assert.False(string.IsNullOrEmpty(authCookie), "Node A issued no iso.auth cookie.");

        using var b = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = cluster.B.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var withoutCookie = await b.GetAsync("/api/v1/me", ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", authCookie);
        using var withCookie = await b.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutCookie.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
        var me = await withCookie.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(Reception.UserName, me.GetProperty("userName").GetString());
    }

    private static async Task<(Guid CaseId, Guid TaskId)> StartCaseAsync(HttpClient node, int index, CancellationToken ct)
    {
        using var response = await node.PostAsJsonAsync(
            "/api/v1/cases", new { definitionKey = TwoNodeCluster.TimerProcedure, reference = $"HAI-NUT-{index + 1:000}" }, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Starting case {index} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var task = Assert.Single(started.GetProperty("openTasks").EnumerateArray());
        Assert.Equal("receive", task.GetProperty("nodeId").GetString());
        return (started.GetProperty("caseId").GetGuid(), task.GetProperty("id").GetGuid());
    }

    /// <summary>Completes every task once: the first <see cref="RacedPerStep"/> through both nodes at the same moment
    /// (exactly one 200, the other a 409 "already completed"), the rest alternating between the nodes, all concurrently.</summary>
    private static async Task<StepCounts> CompleteStepAsync(HttpClient first, HttpClient second, IReadOnlyList<Guid> taskIds, string outcome, CancellationToken ct)
    {
        var raced = taskIds.Take(RacedPerStep).Select(async id =>
        {
            var pair = await Task.WhenAll(CompleteAsync(first, id, outcome, ct), CompleteAsync(second, id, outcome, ct));
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], pair.Select(r => r.Status).Order());
            var conflict = pair.Single(r => r.Status == HttpStatusCode.Conflict);
            Assert.Contains("đã được xử lý", conflict.Body, StringComparison.Ordinal);
            return pair;
        });
        var single = taskIds.Skip(RacedPerStep).Select(async (id, i) =>
        {
            var result = await CompleteAsync(i % 2 == 0 ? first : second, id, outcome, ct);
            Assert.True(result.Status == HttpStatusCode.OK, $"Completing task {id} answered {(int)result.Status}: {result.Body}");
            return new[] { result };
        });
        var results = (await Task.WhenAll(raced.Concat(single))).SelectMany(r => r).ToList();
        return new StepCounts(
            Raced: Math.Min(RacedPerStep, taskIds.Count),
            RaceWins: results.Count(r => r.Status == HttpStatusCode.OK) - Math.Max(0, taskIds.Count - RacedPerStep),
            Conflicts: results.Count(r => r.Status == HttpStatusCode.Conflict),
            Succeeded: results.Count(r => r.Status == HttpStatusCode.OK));
    }

    private static async Task<(HttpStatusCode Status, string Body)> CompleteAsync(HttpClient node, Guid taskId, string outcome, CancellationToken ct)
    {
        using var response = await node.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome }, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Polls the inbox, alternating nodes, until every case has its open <paramref name="nodeId"/> task (bounded).</summary>
    private static async Task<Dictionary<Guid, Guid>> WaitForOpenTasksAsync(
        HttpClient[] nodes, HashSet<Guid> caseIds, string nodeId, TwoNodeCluster cluster, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        var found = new Dictionary<Guid, Guid>();
        for (var poll = 0; waited.Elapsed < TimerWaitLimit; poll++)
        {
            var inbox = await nodes[poll % 2].GetFromJsonAsync<JsonElement>("/api/v1/tasks?pageSize=100", ct);
            found = inbox.EnumerateArray()
                .Where(t => t.GetProperty("nodeId").GetString() == nodeId && caseIds.Contains(t.GetProperty("caseId").GetGuid()))
                .ToDictionary(t => t.GetProperty("caseId").GetGuid(), t => t.GetProperty("id").GetGuid());
            if (found.Count == caseIds.Count)
            {
                return found;
            }

            await Task.Delay(500, ct);
        }

        Assert.Fail($"After {TimerWaitLimit.TotalSeconds:0} s only {found.Count} of {caseIds.Count} cases reached '{nodeId}'.\n"
            + $"node-a:\n{cluster.A.Output}\nnode-b:\n{cluster.B.Output}");
        return found;
    }

    private static void AssertCompletedOnce(JsonElement details, Guid receiveTask, Guid deliverTask)
    {
        var id = details.GetProperty("id").GetGuid();
        Assert.True(details.GetProperty("status").GetString() == "Completed", $"Case {id} is {details.GetProperty("status").GetString()}.");
        Assert.Equal("completed", details.GetProperty("result").GetString());
        var tasks = details.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal([receiveTask, deliverTask], tasks.Select(t => t.GetProperty("id").GetGuid()));
        Assert.All(tasks, t => Assert.Equal("Completed", t.GetProperty("status").GetString()));

        var kinds = details.GetProperty("journal").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(1, kinds.Count(k => k == JournalKinds.TimerScheduled));
        Assert.Equal(1, kinds.Count(k => k == JournalKinds.TimerFired));
        Assert.Equal(1, kinds.Count(k => k == JournalKinds.CaseCompleted));
        var completions = details.GetProperty("journal").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == JournalKinds.TaskCompleted)
            .Select(e => e.GetProperty("taskId").GetGuid())
            .ToList();
        Assert.Equal([receiveTask, deliverTask], completions);
        var verification = details.GetProperty("journalVerification");
        Assert.True(verification.GetProperty("isValid").GetBoolean(), $"Journal of case {id}: {verification.GetProperty("problem")}");
    }

    private static StoredCounts ReadStoredCounts(TwoNodeCluster cluster, HashSet<Guid> caseIds)
    {
        using var connection = cluster.OpenConnection();
        var ids = caseIds.ToArray();
        return new StoredCounts(
            CompletedCases: Scalar(connection, """SELECT count(*) FROM "WorkflowCases" WHERE "Id" = ANY(@ids) AND "Status" = 1""", ids),
            TimersFired: Scalar(connection, """SELECT count(*) FROM "WorkflowTimers" WHERE "CaseId" = ANY(@ids) AND "Kind" = 0 AND "Status" = 1""", ids),
            NodeTimersNotFired: Scalar(connection, """SELECT count(*) FROM "WorkflowTimers" WHERE "CaseId" = ANY(@ids) AND "Kind" = 0 AND "Status" <> 1""", ids),
            TimerFiredEntriesPerCase: Grouped(connection, """SELECT "CaseId", count(*) FROM "WorkflowJournal" WHERE "CaseId" = ANY(@ids) AND "Kind" = 'TimerFired' GROUP BY "CaseId" """, ids, r => r.GetGuid(0)),
            TaskCompletedEntriesPerTask: Grouped(connection, """SELECT "TaskId", count(*) FROM "WorkflowJournal" WHERE "CaseId" = ANY(@ids) AND "Kind" = 'TaskCompleted' GROUP BY "TaskId" """, ids, r => r.GetGuid(0)),
            FiredByNode: Grouped(connection, """SELECT coalesce("LeaseOwner", '?'), count(*) FROM "WorkflowTimers" WHERE "CaseId" = ANY(@ids) AND "Kind" = 0 AND "Status" = 1 GROUP BY "LeaseOwner" """, ids, r => r.GetString(0)));
    }

    private static int Scalar(NpgsqlConnection connection, string sql, Guid[] ids)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Dictionary<TKey, int> Grouped<TKey>(NpgsqlConnection connection, string sql, Guid[] ids, Func<NpgsqlDataReader, TKey> key)
        where TKey : notnull
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<TKey, int>();
        while (reader.Read())
        {
            counts[key(reader)] = (int)reader.GetInt64(1);
        }

        return counts;
    }

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private sealed record StepCounts(int Raced, int RaceWins, int Conflicts, int Succeeded);

    private sealed record StoredCounts(
        int CompletedCases,
        int TimersFired,
        int NodeTimersNotFired,
        Dictionary<Guid, int> TimerFiredEntriesPerCase,
        Dictionary<Guid, int> TaskCompletedEntriesPerTask,
        Dictionary<string, int> FiredByNode);
}
