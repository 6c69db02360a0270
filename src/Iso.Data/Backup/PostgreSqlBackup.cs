using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Iso.Data.Backup;

/// <summary>PostgreSQL backup and restore with the server's own tools, <c>pg_dump</c> and <c>pg_restore</c> (custom format).</summary>
internal static partial class PostgreSqlBackup
{
    // Every custom-format archive starts with these bytes.
    private static readonly byte[] ArchiveMagic = "PGDMP"u8.ToArray();

    public static async Task<BackupResult> BackupAsync(string connectionString, string target, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var temporary = $"{target}.tmp-{Guid.NewGuid():N}";
        try
        {
            await RunAsync("pg_dump", connection, ["--format=custom", $"--file={temporary}"], target, cancellationToken);
            File.Move(temporary, target, overwrite: true);
            return new BackupResult(target, new FileInfo(target).Length);
        }
        catch (IOException e)
        {
            throw new BackupException($"Không sao lưu được vào '{target}': {e.Message}", e);
        }
        finally
        {
            DatabaseBackup.DeleteQuietly(temporary);
        }
    }

    public static async Task<RestoreResult> RestoreAsync(string connectionString, string source, CancellationToken cancellationToken)
    {
        var header = new byte[ArchiveMagic.Length];
        await using (var stream = File.OpenRead(source))
        {
            var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
            if (read < header.Length || !header.AsSpan().SequenceEqual(ArchiveMagic))
            {
                throw new BackupException($"Không khôi phục được: '{source}' không phải bản sao lưu pg_dump dạng custom (--format=custom).");
            }
        }

        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        await RefuseWhileInUseAsync(connection, cancellationToken);

        // Extensions belong to the superuser who created them, so --clean could not drop them as the app's user:
        // they are left out of the restore list and only ensured to exist.
        var contents = await RunAsync("pg_restore", connection, ["--list", source], source, cancellationToken, connect: false);
        var lines = contents.Split('\n');
        var extensions = lines.Select(l => ExtensionEntry().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        var list = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(list, lines.Where(l => !l.Contains(" EXTENSION ", StringComparison.Ordinal)), cancellationToken);
            await EnsureExtensionsAsync(connection, extensions, source, cancellationToken);

            // One transaction: a restore that fails part-way leaves the database as it was.
            await RunAsync(
                "pg_restore", connection, ["--clean", "--if-exists", "--no-owner", "--single-transaction", $"--use-list={list}", source], source, cancellationToken);
        }
        finally
        {
            DatabaseBackup.DeleteQuietly(list);
        }

        return new RestoreResult(source, null);
    }

    [GeneratedRegex(@"^\d+; \d+ \d+ EXTENSION - (\S+)")]
    private static partial Regex ExtensionEntry();

    private static async Task EnsureExtensionsAsync(NpgsqlConnectionStringBuilder connection, List<string> extensions, string source, CancellationToken cancellationToken)
    {
        if (extensions.Count == 0)
        {
            return;
        }

        try
        {
            await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false }.ConnectionString);
            await db.OpenAsync(cancellationToken);
            foreach (var extension in extensions)
            {
                await using var command = new NpgsqlCommand($"CREATE EXTENSION IF NOT EXISTS \"{extension.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", db);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (NpgsqlException e)
        {
            throw new BackupException(
                $"Không khôi phục được '{source}': cần các extension {string.Join(", ", extensions)} trong cơ sở dữ liệu '{connection.Database}' ({e.Message}). Hãy để quản trị PostgreSQL tạo chúng (CREATE EXTENSION) rồi chạy lại.", e);
        }
    }

    /// <summary>--clean drops the tables under a running app; other sessions on the database mean the app is still up.</summary>
    private static async Task RefuseWhileInUseAsync(NpgsqlConnectionStringBuilder connection, CancellationToken cancellationToken)
    {
        var check = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false };
        try
        {
            await using var db = new NpgsqlConnection(check.ConnectionString);
            await db.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", db);
            var others = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (others > 0)
            {
                throw new BackupException(
                    $"Không khôi phục được: cơ sở dữ liệu '{connection.Database}' trên {connection.Host} đang có {others} kết nối khác. Hãy dừng mọi nút ứng dụng rồi chạy lại 'restore'.");
            }
        }
        catch (NpgsqlException e)
        {
            throw new BackupException($"Không khôi phục được: không kết nối được cơ sở dữ liệu '{connection.Database}' trên {connection.Host}: {e.Message}", e);
        }
    }

    /// <summary>Runs a PostgreSQL tool against the configured database (or, with <paramref name="connect"/> false, on the file only)
    /// and returns its standard output.</summary>
    private static async Task<string> RunAsync(
        string tool, NpgsqlConnectionStringBuilder connection, IReadOnlyList<string> arguments, string file, CancellationToken cancellationToken, bool connect = true)
    {
        var executable = FindTool(tool)
            ?? throw new BackupException(
                $"Không xử lý được '{file}': không tìm thấy {tool} (đã tìm trong PATH và /usr/lib/postgresql/*/bin). Cài gói postgresql-client cùng phiên bản với máy chủ.");

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (connect)
        {
            AddConnectionArguments(start, connection);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new BackupException($"Không xử lý được '{file}': không chạy được {executable}.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var standardOutput = await output;
        var message = (await errors).Trim();
        if (process.ExitCode != 0)
        {
            throw new BackupException($"{tool} thất bại với '{file}' (mã thoát {process.ExitCode}): {message}");
        }

        return standardOutput;
    }

    private static void AddConnectionArguments(ProcessStartInfo start, NpgsqlConnectionStringBuilder connection)
    {
        if (!string.IsNullOrEmpty(connection.Host))
        {
            start.ArgumentList.Add($"--host={connection.Host}");
        }

        start.ArgumentList.Add($"--port={connection.Port.ToString(CultureInfo.InvariantCulture)}");
        if (!string.IsNullOrEmpty(connection.Username))
        {
            start.ArgumentList.Add($"--username={connection.Username}");
        }

        start.ArgumentList.Add($"--dbname={connection.Database}");

        // Never prompt: a password comes from the connection string through the environment, never the command line.
        start.ArgumentList.Add("--no-password");
        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }

        if (connection.SslMode is not SslMode.Prefer and not SslMode.Disable)
        {
            start.Environment["PGSSLMODE"] = connection.SslMode.ToString().ToLowerInvariant().Replace("verify", "verify-", StringComparison.Ordinal);
        }
    }

    /// <summary>PATH first (the administrator's choice), then the newest server version installed under /usr/lib/postgresql.</summary>
    internal static string? FindTool(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string Versions = "/usr/lib/postgresql";
        if (!Directory.Exists(Versions))
        {
            return null;
        }

        return Directory.GetDirectories(Versions)
            .Select(d => (Folder: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Folder, "bin", tool))
            .FirstOrDefault(File.Exists);
    }
}
