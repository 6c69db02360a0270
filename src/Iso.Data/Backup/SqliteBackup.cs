using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Backup;

/// <summary>SQLite backup and restore of the single database file.</summary>
internal static class SqliteBackup
{
    private const string MigrationsTable = "__EFMigrationsHistory";

    public static async Task<BackupResult> BackupAsync(string connectionString, string target, CancellationToken cancellationToken)
    {
        var database = DatabaseFile(connectionString);
        if (!File.Exists(database))
        {
            throw new BackupException($"Không sao lưu được: không có cơ sở dữ liệu '{database}' (chạy 'migrate' trước, hoặc kiểm tra Iso:DataDirectory).");
        }

        var temporary = $"{target}.tmp-{Guid.NewGuid():N}";
        try
        {
            await using (var source = Open(database, SqliteOpenMode.ReadWrite))
            await using (var copy = Open(temporary, SqliteOpenMode.ReadWriteCreate))
            {
                await source.OpenAsync(cancellationToken);
                await Execute(source, "PRAGMA busy_timeout = 5000;", cancellationToken);
                await copy.OpenAsync(cancellationToken);

                // One backup step copies every page under a single read transaction: in WAL mode the app keeps writing
                // meanwhile, and the copy is the database as of one committed transaction.
                source.BackupDatabase(copy);

                // The copy is one self-contained file (no -wal beside it); the app switches it back to WAL when it opens it.
                await Execute(copy, "PRAGMA journal_mode = DELETE;", cancellationToken);
                var integrity = await IntegrityCheckAsync(copy, cancellationToken);
                if (integrity != "ok")
                {
                    throw new BackupException($"Không sao lưu được vào '{target}': bản sao không qua được PRAGMA integrity_check: {integrity}");
                }
            }

            File.Move(temporary, target, overwrite: true);
            return new BackupResult(target, new FileInfo(target).Length);
        }
        catch (SqliteException e)
        {
            throw new BackupException($"Không sao lưu được '{database}' vào '{target}': {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new BackupException($"Không sao lưu được vào '{target}': {e.Message}", e);
        }
        finally
        {
            DatabaseBackup.DeleteQuietly(temporary, temporary + "-journal", temporary + "-wal", temporary + "-shm");
        }
    }

    public static async Task<RestoreResult> RestoreAsync(string connectionString, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var database = DatabaseFile(connectionString);
        await CheckIsProductBackupAsync(source, cancellationToken);

        var folder = Path.GetDirectoryName(database)!;
        Directory.CreateDirectory(folder);
        var temporary = $"{database}.restore-tmp-{Guid.NewGuid():N}";
        string? previous = null;
        try
        {
            File.Copy(source, temporary);

            // Backups are single files in rollback-journal mode; the app expects WAL, and EF's read-only existence check
            // cannot switch a database to WAL itself.
            await using (var copy = Open(temporary, SqliteOpenMode.ReadWrite))
            {
                await copy.OpenAsync(cancellationToken);
                await Execute(copy, "PRAGMA journal_mode = WAL;", cancellationToken);
            }

            if (File.Exists(database))
            {
                await TakeOverAsync(database, cancellationToken);
                previous = $"{database}.before-restore-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
                File.Move(database, previous);
            }

            // A -wal left beside the new file would be replayed into it: remove what belonged to the old database.
            DatabaseBackup.DeleteQuietly(database + "-wal", database + "-shm", database + "-journal");
            File.Move(temporary, database);
            return new RestoreResult(source, previous);
        }
        catch (Exception e) when (e is IOException or SqliteException)
        {
            throw new BackupException($"Không khôi phục được '{source}' vào '{database}': {e.Message}", e);
        }
        finally
        {
            DatabaseBackup.DeleteQuietly(temporary, temporary + "-wal", temporary + "-shm");
        }
    }

    /// <summary>Refuses anything that is not an intact SQLite database with this product's migrations history.</summary>
    internal static async Task CheckIsProductBackupAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = Open(file, SqliteOpenMode.ReadOnly);
            await connection.OpenAsync(cancellationToken);
            var integrity = await IntegrityCheckAsync(connection, cancellationToken);
            if (integrity != "ok")
            {
                throw new BackupException($"Không khôi phục được: '{file}' bị hỏng (PRAGMA integrity_check: {integrity}).");
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{MigrationsTable}';";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                throw new BackupException($"Không khôi phục được: '{file}' là cơ sở dữ liệu SQLite nhưng không phải của ISO điện tử (không có bảng {MigrationsTable}).");
            }

            command.CommandText = $"SELECT MigrationId FROM \"{MigrationsTable}\";";
            var applied = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            var known = KnownMigrations();
            if (!applied.Any(known.Contains))
            {
                throw new BackupException($"Không khôi phục được: '{file}' là cơ sở dữ liệu SQLite nhưng không phải của ISO điện tử (không có migration nào của sản phẩm).");
            }

            var unknown = applied.Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
            {
                throw new BackupException($"Không khôi phục được: '{file}' do một phiên bản mới hơn tạo ra (migration lạ: {string.Join(", ", unknown)}); hãy cập nhật ứng dụng trước.");
            }
        }
        catch (SqliteException e)
        {
            throw new BackupException($"Không khôi phục được: '{file}' không phải là cơ sở dữ liệu SQLite ({e.Message}).", e);
        }
    }

    /// <summary>Leaving WAL needs the only connection to the file, so it fails while the app has the database open;
    /// it also folds the WAL into the file that is kept as the pre-restore copy.</summary>
    private static async Task TakeOverAsync(string database, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = Open(database, SqliteOpenMode.ReadWrite);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandTimeout = 1;
            command.CommandText = "PRAGMA journal_mode = DELETE;";
            var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
            {
                throw InUse(database);
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            throw InUse(database, e);
        }
    }

    private static BackupException InUse(string database, Exception? inner = null)
    {
        var message = $"Không khôi phục được: cơ sở dữ liệu '{database}' đang được dùng. Hãy dừng ứng dụng (mọi tiến trình dùng tệp này) rồi chạy lại 'restore'.";
        return inner is null ? new BackupException(message) : new BackupException(message, inner);
    }

    private static HashSet<string> KnownMigrations()
    {
        using var context = new SqliteIsoDbContext(new DbContextOptionsBuilder<SqliteIsoDbContext>().UseSqlite("Data Source=:memory:").Options);
        return context.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
    }

    private static string DatabaseFile(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new BackupException($"Sao lưu và khôi phục cần một tệp SQLite; chuỗi kết nối trỏ tới '{dataSource}'.");
        }

        return Path.GetFullPath(dataSource);
    }

    // Unpooled: a pooled connection would keep the file open after the verb and block the rename or the next restore.
    private static SqliteConnection Open(string file, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ConnectionString);

    private static async Task<string> IntegrityCheckAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("; ", lines);
    }

    private static async Task Execute(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
