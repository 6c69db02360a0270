using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

// Issue 12's load target: 200 concurrent API clients completing tasks, p95 of the completions < 250 ms, no errors.
// Against a running app (Release, Production, demo accounts allowed, sign-in throttle raised; bench/load/run.sh starts it):
//   1. signs in as the administrator and imports N staff accounts of STP's one-stop unit (MOT-CUA), sets their passwords
//      and signs each in (a bearer token per client);
//   2. each client starts K cases of tthc-mot-cap and claims each case's first task (receive), so its inbox ("mine")
//      holds K tasks no other client competes for;
//   3. measured: every client at once, in a closed loop, takes the first task of its inbox (GET /api/v1/tasks?status=mine)
//      and completes it (POST /api/v1/tasks/{id}/complete, outcome accept), optionally waiting a think time between tasks.
// Reported: latency of the completions and of the inbox reads (p50/p95/p99/max), completions per second, errors.
// Usage: Iso.Cases.Load <base-url> [--clients 200] [--tasks 15] [--think-ms 0] [--warmup 2] [--prefix load] [--pid PID]
var options = Options.Parse(args);
var baseUrl = options.BaseUrl;
var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
using var shared = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

var admin = await LoginAsync("quantri", "Demo@2026");
var names = Enumerable.Range(1, options.Clients).Select(i => $"{options.Prefix}{i:000}").ToList();
var tokens = await AccountsAsync(admin, names);
Console.Error.WriteLine($"{tokens.Count} clients signed in");

// Setup: K cases per client, each first task claimed by its client (not measured).
var setupWatch = Stopwatch.StartNew();
await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (token, ct) =>
{
    for (var k = 0; k < options.Tasks + options.Warmup; k++)
    {
        var started = await SendAsync(HttpMethod.Post, "/api/v1/cases", token, new { definitionKey = "tthc-mot-cap", reference = $"LOAD-{k}" });
        var task = started.GetProperty("openTasks")[0].GetProperty("id").GetGuid();
        await SendAsync(HttpMethod.Post, $"/api/v1/tasks/{task}/claim", token, null);
    }
});
Console.Error.WriteLine($"setup: {tokens.Count * (options.Tasks + options.Warmup)} cases started and claimed in {setupWatch.Elapsed.TotalSeconds:0.0} s");

// Warm-up: each client completes `warmup` tasks (JIT, pools, caches), not recorded.
await RunAsync(options.Warmup, null, null, new ConcurrentBag<string>(), 0);
Console.Error.WriteLine("warm-up done");

var completions = new ConcurrentBag<double>();
var reads = new ConcurrentBag<double>();
var errors = new ConcurrentBag<string>();
var process = options.Pid is { } pid ? Process.GetProcessById(pid) : null;
var cpuBefore = process?.TotalProcessorTime;
var wall = Stopwatch.StartNew();
await RunAsync(options.Tasks, completions, reads, errors, options.ThinkMs);
wall.Stop();
process?.Refresh();
var cpu = process is null ? (TimeSpan?)null : process.TotalProcessorTime - cpuBefore!.Value;

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"clients {options.Clients}, tasks per client {options.Tasks}, think time {options.ThinkMs} ms, wall {wall.Elapsed.TotalSeconds:0.00} s");
report.AppendLine(CultureInfo.InvariantCulture, $"completions: {completions.Count} ok, {errors.Count} errors, {completions.Count / wall.Elapsed.TotalSeconds:0.0}/s; {Stats(completions)}");
report.AppendLine(CultureInfo.InvariantCulture, $"inbox reads (GET /api/v1/tasks?status=mine): {Stats(reads)}");
if (cpu is { } used)
{
    report.AppendLine(CultureInfo.InvariantCulture,
        $"server CPU {used.TotalSeconds:0.00} s = {used.TotalMilliseconds / Math.Max(1, completions.Count):0.00} ms per completion (read + complete), {used.TotalSeconds / wall.Elapsed.TotalSeconds:0.00} cores");
}

foreach (var group in errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(5))
{
    report.AppendLine(CultureInfo.InvariantCulture, $"  error x{group.Count()}: {group.Key}");
}

Console.Write(report);
return errors.IsEmpty ? 0 : 1;

async Task RunAsync(int perClient, ConcurrentBag<double>? completed, ConcurrentBag<double>? inboxReads, ConcurrentBag<string> failures, int thinkMs)
{
    var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var clients = tokens.Select(async (token, index) =>
    {
        await start.Task;
        var random = new Random(index);
        if (thinkMs > 0)
        {
            await Task.Delay(random.Next(thinkMs)); // spread the first requests over one think time
        }

        for (var n = 0; n < perClient; n++)
        {
            try
            {
                var watch = Stopwatch.StartNew();
                using var inbox = await SendRawAsync(HttpMethod.Get, "/api/v1/tasks?status=mine&pageSize=5", token, null);
                var body = await inbox.Content.ReadAsStringAsync();
                inboxReads?.Add(watch.Elapsed.TotalMilliseconds);
                if (!inbox.IsSuccessStatusCode)
                {
                    failures.Add($"inbox {(int)inbox.StatusCode} {Trim(body)}");
                    continue;
                }

                using var items = JsonDocument.Parse(body);
                if (items.RootElement.GetArrayLength() == 0)
                {
                    failures.Add("inbox empty");
                    break;
                }

                var id = items.RootElement[0].GetProperty("id").GetGuid();
                watch.Restart();
                using var done = await SendRawAsync(HttpMethod.Post, $"/api/v1/tasks/{id}/complete", token, new
                {
                    outcome = "accept",
                    form = new Dictionary<string, object> { ["receiptNo"] = $"GTN-{index}-{n}", ["applicantName"] = "Nguyễn Văn An" },
                });
                var answer = await done.Content.ReadAsStringAsync();
                var elapsed = watch.Elapsed.TotalMilliseconds;
                if (done.IsSuccessStatusCode)
                {
                    completed?.Add(elapsed);
                }
                else
                {
                    failures.Add($"complete {(int)done.StatusCode} {Trim(answer)}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"{ex.GetType().Name}: {ex.Message}");
            }

            if (thinkMs > 0)
            {
                await Task.Delay(thinkMs);
            }
        }
    }).ToList();
    start.SetResult();
    await Task.WhenAll(clients);
}

static string Trim(string text) => text.Length > 300 ? text[..300] : text;

static string Stats(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    if (sorted.Count == 0)
    {
        return "no samples";
    }

    double Rank(double p) => sorted[Math.Max(0, (int)Math.Ceiling(sorted.Count * p) - 1)];
    return string.Create(CultureInfo.InvariantCulture,
        $"n={sorted.Count} p50 {Rank(0.50):0.0} ms, p95 {Rank(0.95):0.0} ms, p99 {Rank(0.99):0.0} ms, max {sorted[^1]:0.0} ms, mean {sorted.Average():0.0} ms");
}

async Task<string> LoginAsync(string userName, string password)
{
    var answer = await SendAsync(HttpMethod.Post, "/api/v1/auth/login", null, new { userName, password });
    return answer.GetProperty("accessToken").GetString()!;
}

// The load accounts: imported once (all or none), passwords set, then each signed in. A second run reuses them.
async Task<List<string>> AccountsAsync(string adminToken, List<string> userNames)
{
    const string Password = "Load@2026-bench";
    var result = new ConcurrentDictionary<int, string>();
    using (var probe = await SendRawAsync(HttpMethod.Post, "/api/v1/auth/login", null, new { userName = userNames[0], password = Password }))
    {
        if (!probe.IsSuccessStatusCode)
        {
            var csv = new StringBuilder("userName,fullName,position,agencyCode,unitCode,roles\n");
            foreach (var name in userNames)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{name},Cán bộ tải thử {name},Công chức tiếp nhận,STP,MOT-CUA,Staff\n");
            }

            using var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "load.csv");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/accounts/import") { Content = form };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
            using var imported = await shared.SendAsync(request);
            var text = await imported.Content.ReadAsStringAsync();
            if (!imported.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"import {(int)imported.StatusCode}: {text}");
            }

            var passwords = JsonDocument.Parse(text).RootElement.EnumerateArray()
                .ToDictionary(p => p.GetProperty("userName").GetString()!, p => p.GetProperty("password").GetString()!);
            await Parallel.ForEachAsync(passwords, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (p, ct) =>
                await SendAsync(HttpMethod.Post, "/api/v1/auth/change-password", null, new { userName = p.Key, currentPassword = p.Value, newPassword = Password }));
        }
    }

    await Parallel.ForEachAsync(userNames.Select((n, i) => (n, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (p, ct) =>
        result[p.i] = await LoginAsync(p.n, Password));
    return [.. result.OrderBy(r => r.Key).Select(r => r.Value)];
}

async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string? token, object? body)
{
    using var request = new HttpRequestMessage(method, path);
    if (token is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    if (body is not null)
    {
        request.Content = JsonContent.Create(body, options: json);
    }

    return await shared.SendAsync(request);
}

async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body)
{
    using var response = await SendRawAsync(method, path, token, body);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {Trim(text)}");
    }

    return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
}

internal sealed record Options(string BaseUrl, int Clients, int Tasks, int ThinkMs, int Warmup, string Prefix, int? Pid)
{
    public static Options Parse(string[] args)
    {
        var baseUrl = "http://127.0.0.1:5090";
        int clients = 200, tasks = 15, think = 0, warmup = 2;
        var prefix = "taithu";
        int? pid = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--tasks": tasks = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--think-ms": think = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--prefix": prefix = args[++i]; break;
                case "--pid": pid = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: baseUrl = args[i]; break;
            }
        }

        return new Options(baseUrl, clients, tasks, think, warmup, prefix, pid);
    }
}
