namespace Iso.Data.Backup;

/// <summary>Backs up and restores the configured database: SQLite with its online backup API, PostgreSQL with
/// <c>pg_dump</c>/<c>pg_restore</c>. Used by the <c>backup</c> and <c>restore</c> verbs.</summary>
public sealed class DatabaseBackup(IsoOptions options, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Writes a consistent copy of the database to <paramref name="file"/> while the app may be running.
    /// Refuses an existing file unless <paramref name="overwrite"/>; a failed backup leaves no file behind.</summary>
    public Task<BackupResult> BackupAsync(string file, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        ArgumentNullException.ThrowIfNull(options);
        var target = Path.GetFullPath(file);
        if (Directory.Exists(target))
        {
            throw new BackupException($"Không sao lưu được: '{target}' là một thư mục; hãy chỉ ra tên tệp sao lưu.");
        }

        if (File.Exists(target) && !overwrite)
        {
            throw new BackupException($"Không sao lưu được: tệp '{target}' đã tồn tại. Chọn tên khác hoặc thêm --force để ghi đè.");
        }

        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            throw new BackupException($"Không sao lưu được vào '{target}': thư mục '{folder}' không tồn tại.");
        }

        return options.Provider switch
        {
            DatabaseProvider.Sqlite => SqliteBackup.BackupAsync(options.ResolvedConnectionString, target, cancellationToken),
            DatabaseProvider.PostgreSql => PostgreSqlBackup.BackupAsync(options.ResolvedConnectionString, target, cancellationToken),
            _ => throw new BackupException(IsoOptionsValidator.ProviderMessage(options.Database.Provider)),
        };
    }

    /// <summary>Replaces the database with the content of <paramref name="file"/> after checking that it is a backup of
    /// this product. SQLite keeps the replaced file as <c>iso.db.before-restore-&lt;timestamp&gt;</c> and refuses while
    /// the app has the database open; PostgreSQL restores in one transaction and refuses while others are connected.</summary>
    public Task<RestoreResult> RestoreAsync(string file, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        ArgumentNullException.ThrowIfNull(options);
        var source = Path.GetFullPath(file);
        if (!File.Exists(source))
        {
            throw new BackupException($"Không khôi phục được: không có tệp '{source}'.");
        }

        return options.Provider switch
        {
            DatabaseProvider.Sqlite => SqliteBackup.RestoreAsync(options.ResolvedConnectionString, source, _clock.GetUtcNow(), cancellationToken),
            DatabaseProvider.PostgreSql => PostgreSqlBackup.RestoreAsync(options.ResolvedConnectionString, source, cancellationToken),
            _ => throw new BackupException(IsoOptionsValidator.ProviderMessage(options.Database.Provider)),
        };
    }

    /// <summary>Deletes a half-written file; a failure here must not hide the error that caused it.</summary>
    internal static void DeleteQuietly(params string[] paths)
    {
        foreach (var path in paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
