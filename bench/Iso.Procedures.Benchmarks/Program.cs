using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Iso.Data;
using Iso.Data.Identity;
using Iso.Data.Procedures;
using Iso.Data.Seeding;
using Iso.Web;
using Iso.Web.Application;
using Iso.Web.Components.Pages.Procedures;
using Iso.Web.Procedures;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

// Issue 10's performance figures, against the real app's services over a real SQLite file (see bench/README.md):
//  1. the editor of a 40-step procedure: first view rendered in process by HtmlRenderer (server time: the page's data
//     reads, checks and the whole HTML), 2. re-validation after an edit, 3. the catalogue of an agency with 300 procedures
//     and 1,000 versions. Release build; no figure is asserted anywhere.
var rounds = args.Contains("--quick") ? 10 : 50;
var dataDirectory = Path.Combine(Path.GetTempPath(), "iso-procedure-bench-" + Guid.NewGuid().ToString("N"));
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", Args = [] });
builder.Configuration["Iso:DataDirectory"] = dataDirectory;
builder.Configuration["Iso:SeedDemoData"] = "true";
builder.Configuration["Iso:AllowDemoPasswords"] = "true";
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Static rendering has no popover provider; MudSelect says so on every render, which is not what is measured.
builder.Logging.AddFilter("MudBlazor", LogLevel.None);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.AddIsoWeb();
var app = builder.Build();
app.UseIsoWeb();
await app.StartAsync();
try
{
    Console.Error.WriteLine($"App started over {dataDirectory}; generating data…");
    var services = app.Services;
    var (agencyId, officerId) = await GenerateAsync(services);
    var caller = await CallerAsync(services, DemoAccounts.QualityOfficer.UserName);
    Console.Error.WriteLine("Measuring…");

    var render = await MeasureAsync(rounds, () => RenderEditorAsync(services, caller));
    var htmlLength = await RenderEditorAsync(services, caller);
    var (validateCpu, validateUseCase) = await MeasureValidationAsync(services, caller, rounds * 4);
    var catalogue = await MeasureAsync(rounds, async () =>
    {
        await using var scope = services.CreateAsyncScope();
        var view = await scope.ServiceProvider.GetRequiredService<ProcedureCatalogue>().GetCatalogueAsync(caller, null);
        return view.Value.Procedures.Count;
    });

    var report = new StringBuilder();
    report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; {rounds} rounds after warm-up.");
    report.AppendLine("| What | median | p95 | target |");
    report.AppendLine("|---|---|---|---|");
    report.AppendLine(Row($"Editor first view, 40 steps (HtmlRenderer, {htmlLength:N0} chars of HTML)", render, "< 300 ms"));
    report.AppendLine(Row("Re-validation after an edit (step table → JSON, schema + validator + units)", validateCpu, "< 20 ms"));
    report.AppendLine(Row("Same through the use case (ProcedureAuthoring.ValidateAsync, reads the agency's units)", validateUseCase, "< 20 ms"));
    report.AppendLine(Row("Catalogue, 300 procedures / 1,000 versions (ProcedureCatalogue.GetCatalogueAsync)", catalogue, "< 100 ms"));
    Console.WriteLine(report.ToString());
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    SqliteConnection.ClearAllPools();
    Directory.Delete(dataDirectory, recursive: true);
}

return 0;

static string Row(string what, double[] ms, string target) =>
    string.Create(CultureInfo.InvariantCulture, $"| {what} | {Percentile(ms, 0.5):0.0} ms | {Percentile(ms, 0.95):0.0} ms | {target} |");

static double Percentile(double[] values, double p)
{
    var sorted = values.Order().ToArray();
    var index = (int)Math.Ceiling(p * sorted.Length) - 1;
    return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
}

static async Task<double[]> MeasureAsync<T>(int rounds, Func<Task<T>> body)
{
    for (var i = 0; i < 5; i++)
    {
        await body();
    }

    var times = new double[rounds];
    for (var i = 0; i < rounds; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await body();
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    return times;
}

// The version page of the 40-step draft, rendered to HTML in its own scope (as a request would be): the page reads the
// version (definition, problems, step table, history, units) and renders every view it shows at first.
static async Task<int> RenderEditorAsync(IServiceProvider services, Caller caller)
{
    await using var scope = services.CreateAsyncScope();
    var navigation = scope.ServiceProvider.GetRequiredService<NavigationManager>();
    ((IHostEnvironmentNavigationManager)navigation).Initialize("http://localhost/", $"http://localhost/quy-trinh/{BenchData.EditorKey}/phien-ban/1");
    var state = Task.FromResult(new AuthenticationState(caller.Principal));
    await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
    return await renderer.Dispatcher.InvokeAsync(async () =>
    {
        RenderFragment page = b =>
        {
            b.OpenComponent<ProcedureVersionPage>(0);
            b.AddComponentParameter(1, nameof(ProcedureVersionPage.Key), BenchData.EditorKey);
            b.AddComponentParameter(2, nameof(ProcedureVersionPage.Version), 1);
            b.CloseComponent();
        };
        var output = await renderer.RenderComponentAsync<CascadingValue<Task<AuthenticationState>>>(ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            ["Value"] = state,
            ["ChildContent"] = page,
        }));
        var html = output.ToHtmlString();
        if (!html.Contains("data-testid=\"step-table\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The editor did not render its step table:\n" + html[..Math.Min(2000, html.Length)]);
        }

        return html.Length;
    });
}

// What the editor does after an edit: the step table is written back into the JSON and the text is checked again.
static async Task<(double[] Cpu, double[] UseCase)> MeasureValidationAsync(IServiceProvider services, Caller caller, int rounds)
{
    await using var scope = services.CreateAsyncScope();
    var checker = scope.ServiceProvider.GetRequiredService<DefinitionChecker>();
    var authoring = scope.ServiceProvider.GetRequiredService<ProcedureAuthoring>();
    var details = (await scope.ServiceProvider.GetRequiredService<ProcedureCatalogue>().GetVersionAsync(caller, null, BenchData.EditorKey, 1)).Value;
    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    var steps = details.Steps!.Steps;
    var i = 0;
    var cpu = await MeasureAsync(rounds, () =>
    {
        steps[i++ % steps.Count].WorkingDays = 0.5m + (i % 3);
        var json = StepTable.Apply(details.Json, steps, details.Steps.TimeLimitWorkingDays);
        var problems = checker.Check(json).Concat(checker.CheckUnits(json, details.Units, today)).ToList();
        return Task.FromResult(problems.Count);
    });
    var useCase = await MeasureAsync(rounds, async () =>
    {
        steps[i++ % steps.Count].WorkingDays = 0.5m + (i % 3);
        var json = StepTable.Apply(details.Json, steps, details.Steps.TimeLimitWorkingDays);
        var report = await authoring.ValidateAsync(caller, null, BenchData.EditorKey, 1, json);
        return report.Value.Errors.Count;
    });
    return (cpu, useCase);
}

static async Task<Caller> CallerAsync(IServiceProvider services, string userName)
{
    await using var scope = services.CreateAsyncScope();
    var user = await scope.ServiceProvider.GetRequiredService<UserManager<IsoUser>>().FindByNameAsync(userName)
        ?? throw new InvalidOperationException($"No demo account '{userName}'.");
    var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<IsoUser>>().CreateAsync(user);
    return await scope.ServiceProvider.GetRequiredService<CallerFactory>().CreateAsync(principal);
}

// Sở Tư pháp gets 300 procedures with 1,000 versions in all (100 keys: retired, retired, published, draft; 200 keys:
// retired, published, draft), each an adopted tthc-mot-cap, with an approval event per published or retired version;
// and one 40-step draft for the editor.
static async Task<(Guid AgencyId, Guid OfficerId)> GenerateAsync(IServiceProvider services)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
    var agency = await db.Agencies.SingleAsync(a => a.Code == DemoAccounts.QualityOfficer.AgencyCode);
    var officer = await db.Users.SingleAsync(u => u.UserName == DemoAccounts.QualityOfficer.UserName);
    var template = await db.Set<StoredDefinition>().AsNoTracking().Where(d => d.OwnerAgencyId == null && d.Key == "tthc-mot-cap").OrderByDescending(d => d.Version).FirstAsync();
    var now = DateTimeOffset.UtcNow;
    var versions = 0;
    for (var p = 0; p < 300; p++)
    {
        var key = $"bench-{p:000}";
        var count = p < 100 ? 4 : 3;
        for (var v = 1; v <= count; v++)
        {
            var status = v == count ? DefinitionStatus.Draft : v == count - 1 ? DefinitionStatus.Published : DefinitionStatus.Retired;
            var json = JsonNode.Parse(template.Json)!.AsObject();
            json["key"] = key;
            json["version"] = v;
            json["name"] = $"Quy trình thử nghiệm số {p + 1}";
            var stored = new StoredDefinition
            {
                Id = Guid.NewGuid(),
                OwnerAgencyId = agency.Id,
                Key = key,
                Version = v,
                Name = $"Quy trình thử nghiệm số {p + 1}",
                Status = status,
                Json = json.ToJsonString(),
                SourceKey = "tthc-mot-cap",
                SourceVersion = template.Version,
                CreatedAt = now.AddDays(-count + v),
                PublishedAt = status == DefinitionStatus.Draft ? null : now.AddDays(-count + v),
                RetiredAt = status == DefinitionStatus.Retired ? now.AddDays(-count + v + 1) : null,
                Revision = 1,
            };
            db.Add(stored);
            if (status != DefinitionStatus.Draft)
            {
                db.ProcedureEvents.Add(new ProcedureEvent
                {
                    AgencyId = agency.Id, DefinitionId = stored.Id, Key = key, Version = v, Kind = ProcedureEventKinds.Approved,
                    UserId = officer.Id, UserName = officer.UserName!, At = stored.PublishedAt!.Value, DecisionNumber = $"{p + 1}/QĐ-UBND",
                    DecisionDate = DateOnly.FromDateTime(stored.PublishedAt.Value.UtcDateTime),
                });
            }

            versions++;
        }
    }

    db.Add(new StoredDefinition
    {
        Id = Guid.NewGuid(),
        OwnerAgencyId = agency.Id,
        Key = BenchData.EditorKey,
        Version = 1,
        Name = "Quy trình 40 bước",
        Status = DefinitionStatus.Draft,
        Json = BenchData.FortySteps(),
        CreatedAt = now,
        Revision = 1,
    });
    await db.SaveChangesAsync();
    Console.Error.WriteLine($"Generated 300 procedures, {versions} versions, and a 40-step draft.");
    return (agency.Id, officer.Id);
}

internal static class BenchData
{
    public const string EditorKey = "bench-forty";

    /// <summary>A 40-step procedure: a chain of human steps across the agency's units, each with a return outcome to the
    /// step before and a form field every fifth step; 40 half days make its 20-working-day limit.</summary>
    public static string FortySteps()
    {
        string[] units = ["MOT-CUA", "CHUYEN-MON", "VP", "VAN-THU"];
        var nodes = new JsonArray { new JsonObject { ["id"] = "start", ["type"] = "start", ["to"] = "s01" } };
        for (var i = 1; i <= 40; i++)
        {
            var id = $"s{i:00}";
            var next = i == 40 ? "done" : $"s{i + 1:00}";
            var outcomes = new JsonArray { new JsonObject { ["name"] = "approve", ["label"] = "Chuyển bước sau", ["to"] = next } };
            if (i > 1)
            {
                outcomes.Add(new JsonObject { ["name"] = "return", ["label"] = "Trả lại bước trước", ["to"] = $"s{i - 1:00}", ["requireComment"] = true });
            }

            var node = new JsonObject
            {
                ["id"] = id,
                ["type"] = "userTask",
                ["title"] = $"Bước {i}: xử lý hồ sơ",
                ["instructions"] = $"Hướng dẫn bước {i}: kiểm tra hồ sơ, ghi **kết quả** và chuyển bước sau.",
                ["candidate"] = new JsonObject { ["role"] = i % 2 == 0 ? "Leader" : "Staff", ["unit"] = units[i % units.Length] },
                ["duration"] = new JsonObject { ["workingDays"] = 0.5 },
                ["outcomes"] = outcomes,
            };
            if (i % 5 == 0)
            {
                node["form"] = new JsonArray { new JsonObject { ["name"] = $"note{i}", ["type"] = "text", ["label"] = $"Ghi chú bước {i}" } };
            }

            nodes.Add(node);
        }

        nodes.Add(new JsonObject { ["id"] = "done", ["type"] = "end", ["result"] = "completed" });
        return new JsonObject
        {
            ["key"] = EditorKey,
            ["version"] = 1,
            ["name"] = "Quy trình 40 bước",
            ["category"] = "tthc",
            ["timeLimit"] = new JsonObject { ["workingDays"] = 20 },
            ["intake"] = true,
            ["nodes"] = nodes,
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
