using System.Globalization;
using Iso.Web.Cases;
using Iso.Web.Cases.Simulation;

namespace Iso.Web.Cli;

/// <summary><c>seed --cases N</c>: how many cases, how many at once, in which batches (ADR 0024).</summary>
/// <remarks><see cref="Bulk"/> (<c>--bulk</c>, ADR 0027): batches played in memory by the same engine and stored one
/// transaction per batch — for a fresh database nothing else writes to meanwhile.</remarks>
internal sealed record CaseSeedingOptions(int Count, int Concurrency, int BatchSize, int RandomSeed, bool Bulk = false);

internal static class CaseSeeding
{
    public static bool TryRead(CliOptions options, out CaseSeedingOptions? seeding, out string? error)
    {
        seeding = null;
        error = null;
        if (!options.Has("--cases"))
        {
            return true;
        }

        var bulk = options.Has("--bulk");
        if (!Positive(options, "--cases", null, out var count, ref error)
            || !Positive(options, "--concurrency", bulk ? Math.Max(2, Environment.ProcessorCount) * 4 : 64, out var concurrency, ref error)
            || !Positive(options, "--batch", bulk ? 5000 : 2000, out var batch, ref error)
            || !Positive(options, "--random-seed", Environment.TickCount & int.MaxValue, out var randomSeed, ref error))
        {
            return false;
        }

        seeding = new CaseSeedingOptions(count, concurrency, batch, randomSeed, bulk);
        return true;
    }

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReceptionOptions>().Bind(configuration.GetSection(ReceptionOptions.SectionName));
        services.AddScoped<CaseCodes>();
        services.AddScoped<CaseProcedures>();
        services.AddSingleton<CaseSeeder>();
    }

    public static async Task<int> RunAsync(IServiceProvider services, CaseSeedingOptions options, TextWriter output)
    {
        var seeder = services.GetRequiredService<CaseSeeder>();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Tạo {options.Count} hồ sơ qua engine{(options.Bulk ? " (chạy trong bộ nhớ, ghi mỗi lô một giao dịch)" : string.Empty)} ({options.Concurrency} hồ sơ cùng lúc, lô {options.BatchSize}, random-seed {options.RandomSeed})..."));
        Action<SeedProgress> report = p => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {p.Done}/{p.Total} hồ sơ, {p.CasesPerSecond:0.0} hồ sơ/giây, {p.Elapsed:hh\\:mm\\:ss}"));
        var result = options.Bulk
            ? await seeder.RunBulkAsync(options.Count, options.Concurrency, options.BatchSize, options.RandomSeed, report)
            : await seeder.RunAsync(options.Count, options.Concurrency, options.BatchSize, options.RandomSeed, report);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Đã tạo {result.Done} hồ sơ trong {result.Elapsed:hh\\:mm\\:ss} ({result.CasesPerSecond:0.0} hồ sơ/giây): {result.OnTime} đúng hạn, "
            + $"{result.Late} trễ hạn không có thư xin lỗi, {result.LateWithApology} trễ hạn có thư xin lỗi, {result.InProgress} đang giải quyết."));
        return 0;
    }

    private static bool Positive(CliOptions options, string name, int? fallback, out int value, ref string? error)
    {
        var text = options.Get(name);
        if (text is null && fallback is { } f)
        {
            value = f;
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0)
        {
            return true;
        }

        error = $"{name} cần một số nguyên dương.";
        return false;
    }
}
