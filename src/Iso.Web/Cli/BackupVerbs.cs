using Iso.Data;
using Iso.Data.Backup;
using Microsoft.Extensions.Options;

namespace Iso.Web.Cli;

/// <summary>The verbs <c>backup &lt;file&gt;</c> and <c>restore &lt;file&gt;</c>; the work is done by <see cref="DatabaseBackup"/>.</summary>
internal static class BackupVerbs
{
    public const int FailureExitCode = 1;

    public static CliVerb Backup { get; } = new(
        "backup", "<tệp> [--force]", "Sao lưu cơ sở dữ liệu khi ứng dụng đang chạy (SQLite: backup API; PostgreSQL: pg_dump).",
        async invocation =>
        {
            var force = invocation.Arguments.Any(a => a == "--force");
            if (!TryGetFile(invocation, ["--force"], out var file, out var settings))
            {
                return IsoCommandLine.UsageErrorExitCode;
            }

            var backup = CreateBackup(invocation, settings);
            try
            {
                var result = await backup.BackupAsync(file, force);
                await invocation.Out.WriteLineAsync($"Đã sao lưu vào {result.Path} ({result.SizeBytes:N0} byte).");
                return 0;
            }
            catch (BackupException e)
            {
                await invocation.Error.WriteLineAsync(e.Message);
                return FailureExitCode;
            }
        });

    public static CliVerb Restore { get; } = new(
        "restore", "<tệp>", "Khôi phục cơ sở dữ liệu từ bản sao lưu (dừng ứng dụng trước).",
        async invocation =>
        {
            if (!TryGetFile(invocation, [], out var file, out var settings))
            {
                return IsoCommandLine.UsageErrorExitCode;
            }

            var backup = CreateBackup(invocation, settings);
            try
            {
                var result = await backup.RestoreAsync(file);
                await invocation.Out.WriteLineAsync($"Đã khôi phục từ {result.BackupPath}.");
                if (result.PreviousDatabasePath is not null)
                {
                    await invocation.Out.WriteLineAsync($"Cơ sở dữ liệu trước đó được giữ tại {result.PreviousDatabasePath}.");
                }

                await invocation.Out.WriteLineAsync("Khởi động lại ứng dụng; nó sẽ áp dụng migration còn thiếu nếu bản sao lưu cũ hơn.");
                return 0;
            }
            catch (BackupException e)
            {
                await invocation.Error.WriteLineAsync(e.Message);
                return FailureExitCode;
            }
        });

    /// <summary>Exactly one file argument; options of the verb are set aside and the rest (<c>--Iso:…=…</c>) is configuration.</summary>
    private static bool TryGetFile(CliInvocation invocation, string[] verbOptions, out string file, out string[] settings)
    {
        var positional = invocation.Arguments.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        settings = [.. invocation.Arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal) && !verbOptions.Contains(a))];
        file = positional.Count == 1 ? positional[0] : "";
        if (positional.Count != 1)
        {
            invocation.Error.WriteLine("Cần đúng một đối số: đường dẫn tệp sao lưu (ví dụ: /var/backups/iso/iso-2026-11-28.db).");
            return false;
        }

        return true;
    }

    private static DatabaseBackup CreateBackup(CliInvocation invocation, string[] settings)
    {
        using var app = new CliInvocation(settings, invocation.Out, invocation.Error).BuildApplication();
        return new DatabaseBackup(app.Services.GetRequiredService<IOptions<IsoOptions>>().Value);
    }
}
