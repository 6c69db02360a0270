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
// With --split the reads and the completions are measured apart: first inbox reads alone (as many per client as it has
// tasks, nothing changes), then completions alone (each client lists its tasks once beforehand), each with its CPU.
// With --wrk FILE nothing is measured here: after the warm-up each client lists its tasks and FILE gets one line per task,
// "<token>\t<task id>", the clients taken in turn, for wrk and bench/load/wrk.lua to complete (run.sh --wrk SECONDS).
// Usage: Iso.Cases.Load <base-url> [--clients 200] [--tasks 15] [--think-ms 0] [--warmup 5] [--prefix load] [--pid PID] [--split] [--trace FILE.nettrace] [--wrk FILE]
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

if (options.Wrk is { } listFile)
{
    if (options.Tasks > 100)
    {
        throw new ArgumentException("--wrk lists at most 100 tasks per client (one inbox page)");
    }

    var perClient = await Task.WhenAll(tokens.Select(async token =>
    {
        var items = await SendAsync(HttpMethod.Get, $"/api/v1/tasks?status=mine&pageSize={options.Tasks}", token, null);
        return items.EnumerateArray().Select(e => (Token: token, Task: e.GetProperty("id").GetGuid())).ToList();
    }));
    var listed = Enumerable.Range(0, options.Tasks).SelectMany(n => perClient.Where(l => n < l.Count).Select(l => l[n])).ToList();
    await File.WriteAllLinesAsync(listFile, listed.Select(l => $"{l.Token}\t{l.Task}"));
    Console.WriteLine($"{listed.Count} tasks of {tokens.Count} clients listed in {listFile}");
    return 0;
}

var process = options.Pid is { } pid ? Process.GetProcessById(pid) : null;
using var trace = options.Trace is { } traceFile && process is not null ? await StartTraceAsync(process.Id, traceFile) : null;
var report = new StringBuilder();
var errors = new ConcurrentBag<string>();
report.AppendLine(CultureInfo.InvariantCulture,
    $"clients {options.Clients}, tasks per client {options.Tasks}, think time {options.ThinkMs} ms, warm-up {options.Warmup} tasks per client, {(options.Split ? "split phases" : "read + complete")}");
if (options.Split)
{
    // Phase 1: inbox reads alone (nothing changes), as many per client as it has tasks; then phase 2: completions alone,
    // each client having listed its tasks once beforehand (not measured). CPU of each phase over its own requests.
    var readsOnly = new ConcurrentBag<double>();
    var (readWall, readCpu) = await MeasureAsync(() => ReadOnlyAsync(options.Tasks, readsOnly, errors, options.ThinkMs));
    report.AppendLine(CultureInfo.InvariantCulture, $"phase reads only: {readsOnly.Count} in {readWall.TotalSeconds:0.00} s, {readsOnly.Count / readWall.TotalSeconds:0.0}/s; {Stats(readsOnly)}");
    ReportCpu("inbox read", readCpu, readsOnly.Count, readWall);
    var lists = await Task.WhenAll(tokens.Select(async token =>
    {
        using var inbox = await SendRawAsync(HttpMethod.Get, $"/api/v1/tasks?status=mine&pageSize={Math.Min(100, options.Tasks)}", token, null);
        using var items = JsonDocument.Parse(await inbox.Content.ReadAsStringAsync());
        return items.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
    }));
    var completesOnly = new ConcurrentBag<double>();
    var (completeWall, completeCpu) = await MeasureAsync(() => RunAsync(options.Tasks, completesOnly, null, errors, options.ThinkMs, lists));
    report.AppendLine(CultureInfo.InvariantCulture, $"phase completions only: {completesOnly.Count} ok, {errors.Count} errors, {completesOnly.Count / completeWall.TotalSeconds:0.0}/s; {Stats(completesOnly)}");
    ReportCpu("completion", completeCpu, completesOnly.Count, completeWall);
}
else
{
    var completions = new ConcurrentBag<double>();
    var reads = new ConcurrentBag<double>();
    var (wall, cpu) = await MeasureAsync(() => RunAsync(options.Tasks, completions, reads, errors, options.ThinkMs));
    report.AppendLine(CultureInfo.InvariantCulture, $"wall {wall.TotalSeconds:0.00} s");
    report.AppendLine(CultureInfo.InvariantCulture, $"completions: {completions.Count} ok, {errors.Count} errors, {completions.Count / wall.TotalSeconds:0.0}/s; {Stats(completions)}");
    report.AppendLine(CultureInfo.InvariantCulture, $"inbox reads (GET /api/v1/tasks?status=mine): {Stats(reads)}");
    ReportCpu("completion (read + complete)", cpu, completions.Count, wall);
}

if (trace is not null)
{
    using (var stop = Process.Start("kill", ["-INT", trace.Id.ToString(CultureInfo.InvariantCulture)]))
    {
        await stop.WaitForExitAsync();
    }

    await trace.WaitForExitAsync();
    report.AppendLine(CultureInfo.InvariantCulture, $"trace of the measured phases: {options.Trace}");
}

foreach (var group in errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(5))
{
    report.AppendLine(CultureInfo.InvariantCulture, $"  error x{group.Count()}: {group.Key}");
}

Console.Write(report);
return errors.IsEmpty ? 0 : 1;

// dotnet-trace (a global tool) samples the app's stacks during the measured phases only; stopped with SIGINT.
static async Task<Process> StartTraceAsync(int pid, string file)
{
    var info = new ProcessStartInfo("dotnet-trace", ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time", "-o", file])
    {
        RedirectStandardOutput = true,
        RedirectStandardInput = true,
    };
    var tracer = Process.Start(info)!;
    while (await tracer.StandardOutput.ReadLineAsync() is { } line)
    {
        if (line.Contains("Recording trace", StringComparison.OrdinalIgnoreCase) || line.Contains("Press", StringComparison.OrdinalIgnoreCase))
        {
            break;
        }
    }

    _ = tracer.StandardOutput.ReadToEndAsync();
    return tracer;
}

async Task<(TimeSpan Wall, TimeSpan? Cpu)> MeasureAsync(Func<Task> run)
{
    process?.Refresh();
    var before = process?.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    await run();
    watch.Stop();
    process?.Refresh();
    return (watch.Elapsed, process is null ? null : process.TotalProcessorTime - before!.Value);
}

void ReportCpu(string what, TimeSpan? cpu, int count, TimeSpan wall)
{
    if (cpu is { } used)
    {
        report.AppendLine(CultureInfo.InvariantCulture,
            $"server CPU {used.TotalSeconds:0.00} s = {used.TotalMilliseconds / Math.Max(1, count):0.00} ms per {what}, {used.TotalSeconds / wall.TotalSeconds:0.00} cores obtained");
    }
}

async Task ReadOnlyAsync(int perClient, ConcurrentBag<double> inboxReads, ConcurrentBag<string> failures, int thinkMs)
{
    var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var clients = tokens.Select(async (token, index) =>
    {
        await start.Task;
        var random = new Random(index);
        if (thinkMs > 0)
        {
            await Task.Delay(random.Next(thinkMs));
        }

        for (var n = 0; n < perClient; n++)
        {
            try
            {
                var watch = Stopwatch.StartNew();
                using var inbox = await SendRawAsync(HttpMethod.Get, "/api/v1/tasks?status=mine&pageSize=5", token, null);
                var body = await inbox.Content.ReadAsStringAsync();
                inboxReads.Add(watch.Elapsed.TotalMilliseconds);
                if (!inbox.IsSuccessStatusCode)
                {
                    failures.Add($"inbox {(int)inbox.StatusCode} {Trim(body)}");
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

async Task RunAsync(
    int perClient, ConcurrentBag<double>? completed, ConcurrentBag<double>? inboxReads, ConcurrentBag<string> failures, int thinkMs,
    IReadOnlyList<List<Guid>>? known = null)
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
                Guid id;
                if (known is not null)
                {
                    if (n >= known[index].Count)
                    {
                        failures.Add("inbox empty");
                        break;
                    }

                    id = known[index][n];
                }
                else
                {
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

                    id = items.RootElement[0].GetProperty("id").GetGuid();
                }

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

internal sealed record Options(string BaseUrl, int Clients, int Tasks, int ThinkMs, int Warmup, string Prefix, int? Pid, bool Split, string? Trace, string? Wrk)
{
    public static Options Parse(string[] args)
    {
        var baseUrl = "http://127.0.0.1:5090";
        int clients = 200, tasks = 15, think = 0, warmup = 5;
        var prefix = "taithu";
        int? pid = null;
        var split = false;
        string? trace = null;
        string? wrk = null;
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
                case "--split": split = true; break;
                case "--trace": trace = args[++i]; break;
                case "--wrk": wrk = args[++i]; break;
                default: baseUrl = args[i]; break;
            }
        }

        return new Options(baseUrl, clients, tasks, think, warmup, prefix, pid, split, trace, wrk);
    }
}
