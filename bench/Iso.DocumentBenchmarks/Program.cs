using System.Diagnostics;
using System.Globalization;
using System.Text;
using Iso.Data;
using Iso.Data.Documents;
using Iso.Data.Documents.Search;
using Iso.Data.Organisation;
using Iso.DocumentBenchmarks;
using Iso.Web.Documents.Import;
using Iso.Web.Documents.Rendering;
using Markdig;
using Markdig.Syntax;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// Controlled documents (issue 11): search over 10,000 effective documents (SQLite, and PostgreSQL when
// ISO_BENCH_POSTGRES names a server), rendering a 30-page procedure, importing a 30-page .docx. Release builds only.
// Arguments: [documents, default 10000] [--only search|sqlite|postgres|render|import (comma-separated)] [--keep (leave the PostgreSQL
// database in place for EXPLAIN; its name is printed)].
var documents = args.FirstOrDefault(a => a.All(char.IsAsciiDigit)) is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 10_000;
var onlyIndex = Array.IndexOf(args, "--only");
var parts = onlyIndex >= 0 && onlyIndex + 1 < args.Length ? args[onlyIndex + 1].Split(',') : ["search", "render", "import"];
var keepDatabase = args.Contains("--keep");
var report = new StringBuilder();
void Line(string text)
{
    Console.WriteLine(text);
    report.AppendLine(text);
}

Line($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; " +
     $"{(Debugger.IsAttached ? "debugger" : "no debugger")}, {(IsRelease() ? "Release" : "DEBUG BUILD — not a measurement")}; " +
     $"load average at start {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");

if (parts.Contains("search") || parts.Contains("sqlite"))
{
    await SearchAsync(DatabaseProvider.Sqlite, null);
}

if (parts.Contains("search") || parts.Contains("postgres"))
{
    if (Environment.GetEnvironmentVariable("ISO_BENCH_POSTGRES") is { Length: > 0 } server)
    {
        await SearchAsync(DatabaseProvider.PostgreSql, server);
    }
}

if (parts.Contains("render"))
{
    Render();
}

if (parts.Contains("profile"))
{
    Profile();
}

if (parts.Contains("import"))
{
    Import();
}

await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "iso-document-bench.md"), report.ToString());
return;

async Task SearchAsync(DatabaseProvider provider, string? postgresServer)
{
    var directory = Path.Combine(Path.GetTempPath(), "iso-document-bench", Guid.NewGuid().ToString("N"));
    string? connectionString = null;
    string? database = null;
    var reused = false;
    if (provider == DatabaseProvider.PostgreSql)
    {
        // ISO_BENCH_POSTGRES_DATABASE: a database kept by an earlier --keep run (loaded, not loaded again, kept).
        reused = Environment.GetEnvironmentVariable("ISO_BENCH_POSTGRES_DATABASE") is { Length: > 0 };
        database = reused ? Environment.GetEnvironmentVariable("ISO_BENCH_POSTGRES_DATABASE")! : $"iso_bench_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(postgresServer);
        await connection.OpenAsync();
        if (!reused)
        {
            await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection).ExecuteNonQueryAsync();
        }

        connectionString = new NpgsqlConnectionStringBuilder(postgresServer) { Database = database }.ConnectionString;
    }

    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Iso:DataDirectory"] = directory,
        ["Iso:Database:Provider"] = provider.ToString(),
        ["Iso:Database:ConnectionString"] = connectionString,
        ["Iso:SeedDemoData"] = "false",
        ["Iso:Journal:KeyFile"] = Path.Combine(directory, "journal.key"),
    }).Build();
    var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
    services.AddIsoData(configuration);
    await using var provider_ = services.BuildServiceProvider();
    try
    {
        await using (var scope = provider_.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        }

        var agencyId = Guid.CreateVersion7();
        var factory = provider_.GetRequiredService<IDbContextFactory<IsoDbContext>>();
        var load = Stopwatch.StartNew();
        if (reused)
        {
            await using var db = await factory.CreateDbContextAsync();
            agencyId = await db.Agencies.Where(a => a.Code == "STP").Select(a => a.Id).SingleAsync();
        }
        else
        {
            await using var db = await factory.CreateDbContextAsync();
            db.AgencyKinds.Add(new AgencyKind { Code = "department", NameVi = "Sở/ngành", NameEn = "Department" });
            db.Agencies.Add(new Agency { Id = agencyId, Code = "STP", Name = "Sở Tư pháp", KindCode = "department", EffectiveFrom = new DateOnly(2021, 1, 1) });
            await db.SaveChangesAsync();
        }

        var random = new Random(11);
        for (var batch = 0; batch < documents && !reused; batch += 500)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = batch; i < Math.Min(documents, batch + 500); i++)
            {
                var (title, markdown) = VietnameseText.Document(random, i);
                var document = new Document { Id = Guid.CreateVersion7(), AgencyId = agencyId, Code = $"QT-{i:D5}", Title = title, Kind = DocumentKind.Procedure };
                var version = new DocumentVersion
                {
                    Id = Guid.CreateVersion7(), DocumentId = document.Id, AgencyId = agencyId, Sequence = 1, IssueNo = 1, Title = title, Markdown = markdown,
                    Status = DocumentVersionStatus.Effective, EffectiveOn = new DateOnly(2026, 1, 1), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                };
                document.EffectiveVersionId = version.Id;
                db.Documents.Add(document);
                db.DocumentVersions.Add(version);
            }

            await db.SaveChangesAsync();
        }

        Line($"\n## Search, {provider}: {documents:N0} effective documents (~{VietnameseText.WordsPerDocument} words each), loaded and indexed in {load.Elapsed.TotalSeconds:F1} s");
        var search = provider_.CreateScope().ServiceProvider.GetRequiredService<IDocumentSearch>();
        var queries = VietnameseText.Queries;
        foreach (var (text, _) in queries)
        {
            await search.SearchAsync(new DocumentSearchQuery(agencyId, text));
        }

        var hits = new Dictionary<string, int>();
        foreach (var (text, _) in queries)
        {
            hits[text] = (await search.SearchAsync(new DocumentSearchQuery(agencyId, text))).Total;
        }

        // Broad: a query whose words are in more than half of the documents (here "hồ sơ", in every one).
        var broad = queries.Where(q => hits[q.Text] > documents / 2).ToList();
        var focused = queries.Except(broad).ToList();
        var times = queries.ToDictionary(q => q.Text, _ => new List<double>());
        for (var round = 0; round < 10; round++)
        {
            foreach (var (text, _) in queries)
            {
                var watch = Stopwatch.StartNew();
                await search.SearchAsync(new DocumentSearchQuery(agencyId, text));
                times[text].Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        List<double> Of(IEnumerable<(string Text, bool Diacritics)> selection) => selection.SelectMany(q => times[q.Text]).ToList();
        string Row(string name, IEnumerable<(string Text, bool Diacritics)> selection)
        {
            var chosen = selection.ToList();
            if (chosen.Count == 0)
            {
                return $"| {name} | 0 | — | — | — | — |";
            }

            var values = Of(chosen);
            var found = chosen.Select(q => (double)hits[q.Text]).ToList();
            return $"| {name} | {chosen.Count} | {found.Min():N0}–{found.Max():N0} | {Stats.Median(values):F1} | {Stats.Percentile(values, 95):F1} | {values.Max():F1} |";
        }

        Line($"{queries.Count} queries (the same words with and without diacritics), 10 rounds each, each answer a page of 20 hits with highlighted title and snippet plus the total count.");
        Line("| queries | n | hits | median ms | p95 ms | max ms |\n|---|---|---|---|---|---|");
        Line(Row("focused, with diacritics", focused.Where(q => q.Diacritics)));
        Line(Row("focused, without diacritics", focused.Where(q => !q.Diacritics)));
        Line(Row("focused, all", focused));
        Line(Row("broad (> half the documents)", broad));
        Line(Row("everything", queries));
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (database is not null && (keepDatabase || reused))
        {
            Line($"(database {database} kept)");
        }
        else if (database is not null)
        {
            await using var connection = new NpgsqlConnection(postgresServer);
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

void Render()
{
    var markdown = VietnameseText.Procedure(pages: 30);
    var renderer = new DocumentMarkdown(new DocumentHtmlSanitizer());
    Task<IReadOnlyDictionary<string, string>> Resolve(IReadOnlyList<string> codes) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(codes.ToDictionary(c => c, c => $"/tai-lieu/{c}"));
    // Warm-up until the JIT has compiled the hot paths at its optimising tier (tiered compilation promotes a method after
    // 30 calls and a background delay): 5 calls measured mostly tier-0 code, which a running server does not run.
    var warm = Stopwatch.StartNew();
    var warmup = 0;
    for (; warmup < 20 || warm.Elapsed < TimeSpan.FromSeconds(3); warmup++)
    {
        renderer.RenderAsync(markdown, Resolve).GetAwaiter().GetResult();
    }

    var times = new List<double>();
    var length = 0;
    for (var i = 0; i < 50; i++)
    {
        var watch = Stopwatch.StartNew();
        length = renderer.RenderAsync(markdown, Resolve).GetAwaiter().GetResult().Html.Length;
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    var sanitizer = new DocumentHtmlSanitizer();
    var html = renderer.RenderAsync(markdown, Resolve).GetAwaiter().GetResult().Html;
    var sanitizing = new List<double>();
    for (var i = 0; i < 50; i++)
    {
        var watch = Stopwatch.StartNew();
        sanitizer.Sanitize(html);
        sanitizing.Add(watch.Elapsed.TotalMilliseconds);
    }

    // The same Markdig extensions without our link walk and sanitiser: how much of a render is Markdig itself.
    var markdig = new Markdig.MarkdownPipelineBuilder().UsePipeTables().UseGridTables().UseListExtras().UseFootnotes()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.AutoLink | Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.AllowOnlyAscii)
        .UseTaskLists().UseEmphasisExtras().UseAutoLinks().DisableHtml().Build();
    var parsing = new List<double>();
    var markdigTimes = new List<double>();
    for (var i = 0; i < 50; i++)
    {
        var watch = Stopwatch.StartNew();
        Markdig.Markdown.Parse(markdown, markdig);
        parsing.Add(watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        Markdig.Markdown.ToHtml(markdown, markdig);
        markdigTimes.Add(watch.Elapsed.TotalMilliseconds);
    }

    // Issued versions go through the cache: the first view renders, the next ones are a hash of the text, the resolver's
    // answer (here in memory; in the app one indexed query) and a lookup.
    var cache = new RenderedHtmlCache(64L * 1024 * 1024);
    var cached = new DocumentMarkdown(new DocumentHtmlSanitizer(), cache);
    cached.RenderIssuedAsync(markdown, Resolve).GetAwaiter().GetResult();
    var cachedTimes = new List<double>();
    for (var i = 0; i < 50; i++)
    {
        var watch = Stopwatch.StartNew();
        cached.RenderIssuedAsync(markdown, Resolve).GetAwaiter().GetResult();
        cachedTimes.Add(watch.Elapsed.TotalMilliseconds);
    }

    Line($"\n## Rendering a 30-page procedure (Markdig pipeline + link checks + HtmlSanitizer)");
    Line($"Markdown {markdown.Length:N0} characters ({VietnameseText.CountWords(markdown):N0} words, {markdown.Split('\n').Count(l => l.StartsWith('|'))} table rows) → HTML {length:N0} characters; 50 runs after {warmup} warm-up runs (3 s)");
    Line($"median {Stats.Median(times):F1} ms, p95 {Stats.Percentile(times, 95):F1} ms, max {times.Max():F1} ms");
    Line($"of which HtmlSanitizer alone on the output: median {Stats.Median(sanitizing):F1} ms, p95 {Stats.Percentile(sanitizing, 95):F1} ms");
    Line($"Markdig alone (same extensions, no link walk, no sanitiser): parse median {Stats.Median(parsing):F1} ms, parse + HTML median {Stats.Median(markdigTimes):F1} ms");
    Line($"issued version from the cache (hash of the text + resolve + lookup; {cache.Hits} hits, {cache.Misses} miss): median {Stats.Median(cachedTimes):F2} ms, p95 {Stats.Percentile(cachedTimes, 95):F2} ms, max {cachedTimes.Max():F2} ms");
}

// Where a cold render's time goes: the product's own pipeline (read by reflection), stage by stage.
void Profile()
{
    var markdown = VietnameseText.Procedure(pages: 30);
    var pipeline = (MarkdownPipeline)typeof(DocumentMarkdown).GetField("Pipeline", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
    var sanitizer = new DocumentHtmlSanitizer();
    var plain = new MarkdownPipelineBuilder().UsePipeTables().UseGridTables().UseListExtras().UseFootnotes()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.AutoLink | Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.AllowOnlyAscii)
        .UseTaskLists().UseEmphasisExtras().UseAutoLinks().DisableHtml().Build();
    var warm = Stopwatch.StartNew();
    for (var i = 0; i < 20 || warm.Elapsed < TimeSpan.FromSeconds(3); i++)
    {
        sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, pipeline));
    }

    var stages = new Dictionary<string, List<double>> { ["parse"] = [], ["parse without [[CODE]]"] = [], ["walk"] = [], ["html"] = [], ["sanitize"] = [] };
    for (var i = 0; i < 30; i++)
    {
        var watch = Stopwatch.StartNew();
        var document = Markdig.Markdown.Parse(markdown, pipeline);
        stages["parse"].Add(watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        Markdig.Markdown.Parse(markdown, plain);
        stages["parse without [[CODE]]"].Add(watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        var count = document.Descendants().Count();
        stages["walk"].Add(watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.Render(document);
        var html = writer.ToString();
        stages["html"].Add(watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        sanitizer.Sanitize(html);
        stages["sanitize"].Add(watch.Elapsed.TotalMilliseconds);
    }

    Line($"\n## Profile of a cold render: " + string.Join(", ", stages.Select(s => $"{s.Key} {Stats.Median(s.Value):F1} ms")));
}

void Import()
{
    var docx = TestWord.Procedure(pages: 30);
    for (var i = 0; i < 3; i++)
    {
        DocxToMarkdown.Convert(docx);
    }

    var times = new List<double>();
    DocxConversion? result = null;
    for (var i = 0; i < 20; i++)
    {
        var watch = Stopwatch.StartNew();
        result = DocxToMarkdown.Convert(docx);
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    Line($"\n## Importing a 30-page .docx (Open XML SDK 2.20 → Markdown)");
    Line($".docx {docx.Length:N0} bytes → Markdown {result!.Markdown.Length:N0} characters, {result.Images.Count} images, {result.Warnings.Count} warnings; 20 runs after 3 warm-up");
    Line($"median {Stats.Median(times):F1} ms, p95 {Stats.Percentile(times, 95):F1} ms, max {times.Max():F1} ms");
}

static bool IsRelease()
{
#if DEBUG
    return false;
#else
    return true;
#endif
}
