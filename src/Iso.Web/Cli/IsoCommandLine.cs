namespace Iso.Web.Cli;

/// <summary>Dispatches <c>dotnet run --project src/Iso.Web -- &lt;verb&gt; …</c>. To add a verb, write a
/// <see cref="CliVerb"/> next to the feature it belongs to and list it in <see cref="Verbs"/>.</summary>
public static class IsoCommandLine
{
    public const int UsageErrorExitCode = 2;

    public static IReadOnlyList<CliVerb> Verbs { get; } =
    [
        DatabaseVerbs.Migrate,
        DatabaseVerbs.Seed,
        AdminVerbs.Create,
        AdminVerbs.Password,
        BackupVerbs.Backup,
        BackupVerbs.Restore,
        WorkflowVerbs.Validate,
        WorkflowVerbs.CalendarDue,
        CalendarVerbs.Set,
        CalendarVerbs.Show,
        JournalVerbs.Verify,
        StatisticsVerbs.Rebuild,
        new("help", "", "In hướng dẫn sử dụng này.", invocation =>
        {
            WriteUsage(invocation.Out);
            return Task.FromResult(0);
        }),
    ];

    /// <summary>Runs the verb named by the first arguments, or the web app when the first argument is
    /// absent or an option (<c>--urls …</c>). Unknown verbs print the usage on stderr and return 2.</summary>
    public static async Task<int> RunAsync(
        string[] args, Func<string[], Task<int>> runWebApp, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(runWebApp);
        ArgumentNullException.ThrowIfNull(error);

        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return await runWebApp(args);
        }

        // The longest match wins so that "workflows validate" is not taken for a shorter "workflows".
        var verb = Verbs.Where(v => v.Matches(args)).MaxBy(v => v.Words.Count);
        if (verb is null)
        {
            await error.WriteLineAsync($"Lệnh không hợp lệ: '{args[0]}'.");
            WriteUsage(error);
            return UsageErrorExitCode;
        }

        return await verb.RunAsync(new CliInvocation(args[verb.Words.Count..], output, error));
    }

    public static void WriteUsage(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("ISO điện tử — cách dùng:");
        writer.WriteLine("  dotnet run --project src/Iso.Web [-- --urls http://localhost:5000]   chạy ứng dụng web");
        foreach (var verb in Verbs)
        {
            var synopsis = string.IsNullOrEmpty(verb.Arguments) ? verb.Name : $"{verb.Name} {verb.Arguments}";
            writer.WriteLine($"  dotnet run --project src/Iso.Web -- {synopsis,-28} {verb.Description}");
        }

        writer.WriteLine("Tuỳ chọn cấu hình: --Iso:DataDirectory=<thư mục> (mặc định ./data), --Iso:SeedDemoData=true|false (mặc định: chỉ trong môi trường Development).");
    }
}
