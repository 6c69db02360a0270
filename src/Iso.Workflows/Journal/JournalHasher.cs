using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Iso.Workflows.Persistence;

namespace Iso.Workflows.Journal;

/// <summary>
/// The hash chain of a case journal: SHA-256 over a canonical JSON array of the entry's content and the previous
/// entry's hash. Field order, UTC timestamps to the microsecond and lower-case hex make it independent of the database.
/// </summary>
public static class JournalHasher
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Timestamps are kept to the microsecond, the finest precision PostgreSQL stores.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static string Compute(WorkflowJournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        {
            writer.WriteStartArray();
            writer.WriteStringValue(entry.CaseId.ToString("D"));
            writer.WriteNumberValue(entry.Sequence);
            writer.WriteStringValue(entry.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteStringValue(entry.Kind);
            WriteNullable(writer, entry.ActorId?.ToString("D"));
            WriteNullable(writer, entry.NodeId);
            WriteNullable(writer, entry.TaskId?.ToString("D"));
            WriteNullable(writer, entry.Outcome);
            WriteNullable(writer, entry.Comment);
            WriteNullable(writer, entry.DataJson);
            WriteNullable(writer, entry.PreviousHash);
            writer.WriteEndArray();
            writer.Flush();
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
