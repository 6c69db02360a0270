using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

// Measures the case pages' reads of issue 12 through HTTP against a running app (Release, seeded with `seed --cases`):
// the inbox of a unit, a case page, the statistics of an agency for a year, the public lookup.
// Usage: Iso.Cases.Benchmarks <base-url> [requests per figure, default 200]
// The app must allow the lookups (--Iso:Reception:PublicLookupsPerMinute=100000, the largest it accepts) and the demo passwords.
var baseUrl = args.Length > 0 ? args[0] : "http://127.0.0.1:5080";
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
const string Password = "Demo@2026";

using var anonymous = new HttpClient { BaseAddress = new Uri(baseUrl) };
var clerk = await LoginAsync("motcua.stp");
var auditor = await LoginAsync("danhgia.skhcn");

// A case code of the agency, from its statistics' inbox (any open task's case).
var inbox = await clerk.GetFromJsonAsync<JsonElement>("/api/v1/tasks?pageSize=20");
var items = inbox.ValueKind == JsonValueKind.Array ? inbox : inbox.GetProperty("items");
var caseId = items[0].GetProperty("caseId").GetGuid();
var details = await clerk.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
var code = details.GetProperty("code").GetString()!;
var agency = "STP";
var to = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
var from = DateTime.UtcNow.AddYears(-1).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

Console.WriteLine($"Base {baseUrl}, {count} requests per figure, case {code}");
await MeasureAsync("inbox of a unit (GET /api/v1/tasks, page 1 of 20)", clerk, "/api/v1/tasks?pageSize=20", count, 50, 150);
await MeasureAsync("case page (GET /api/v1/cases/{code})", clerk, $"/api/v1/cases/{code}", count, 50, null);
await MeasureAsync("statistics of an agency for a year, by procedure", auditor, $"/api/v1/statistics?agency={agency}&from={from}&to={to}", Math.Max(count / 4, 20), 300, null);
await MeasureAsync("statistics of an agency for a year, by month", auditor, $"/api/v1/statistics?agency={agency}&from={from}&to={to}&by=month", Math.Max(count / 4, 20), 300, null);
await MeasureAsync("public lookup (GET /api/v1/public/cases/{code})", anonymous, $"/api/v1/public/cases/{code}", count, 20, null);
return 0;

async Task<HttpClient> LoginAsync(string userName)
{
    var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Password });
    response.EnsureSuccessStatusCode();
    var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return client;
}

static async Task MeasureAsync(string name, HttpClient client, string path, int n, double medianTarget, double? p95Target)
{
    for (var i = 0; i < 5; i++)
    {
        using var warm = await client.GetAsync(path);
        warm.EnsureSuccessStatusCode();
    }

    var times = new List<double>(n);
    for (var i = 0; i < n; i++)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        watch.Stop();
        response.EnsureSuccessStatusCode();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    var median = times[times.Count / 2];
    var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: n={n} median {median:0.0} ms, p95 {p95:0.0} ms, max {times[^1]:0.0} ms (target median < {medianTarget} ms{(p95Target is { } t ? $", p95 < {t} ms" : string.Empty)})"));
}
