namespace Iso.Data.Backup;

/// <summary>A backup or restore that did not happen; the message names the file and says why.
/// Nothing was written to the target (and, for restore, the current database is untouched).</summary>
public sealed class BackupException : Exception
{
    public BackupException()
    {
    }

    public BackupException(string message)
        : base(message)
    {
    }

    public BackupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A finished backup: where it is and how many bytes it has.</summary>
public sealed record BackupResult(string Path, long SizeBytes);

/// <summary>A finished restore: what was restored, and where the database it replaced was kept (null when there was none,
/// and always null for PostgreSQL, whose previous content is replaced in place).</summary>
public sealed record RestoreResult(string BackupPath, string? PreviousDatabasePath);
