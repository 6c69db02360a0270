using System.Buffers;
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

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

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
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(buffer);

        // Ids and the timestamp are formatted straight into UTF-8 (they never need escaping); text fields still go
        // through Utf8JsonWriter's default escaping, which is part of the canonical form of stored hashes.
        Span<byte> scratch = stackalloc byte[40];
        writer.WriteStartArray();
        WriteGuid(writer, entry.CaseId, scratch);
        writer.WriteNumberValue(entry.Sequence);
        WriteTimestamp(writer, entry.At, scratch);
        writer.WriteStringValue(entry.Kind);
        WriteNullable(writer, entry.ActorId, scratch);
        WriteNullable(writer, entry.NodeId);
        WriteNullable(writer, entry.TaskId, scratch);
        WriteNullable(writer, entry.Outcome);
        WriteNullable(writer, entry.Comment);
        WriteNullable(writer, entry.DataJson);
        WriteNullable(writer, entry.PreviousHash);
        writer.WriteEndArray();
        writer.Flush();

        Span<byte> hash = stackalloc byte[32];
        // A reused hash object skips creating and initialising a native digest context for every entry.
        var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(buffer.WrittenSpan);
        sha256.GetHashAndReset(hash);
        if (buffer.Capacity > 64 * 1024)
        {
            // A huge comment must not pin a huge buffer to this thread for good.
            t_buffer = null;
            t_writer = null;
        }

        return Convert.ToHexStringLower(hash);
    }

    private static void WriteGuid(Utf8JsonWriter writer, Guid value, Span<byte> scratch)
    {
        value.TryFormat(scratch, out var written, "D");
        writer.WriteStringValue(scratch[..written]);
    }

    private static void WriteNullable(Utf8JsonWriter writer, Guid? value, Span<byte> scratch)
    {
        if (value is { } guid)
        {
            WriteGuid(writer, guid, scratch);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>yyyy-MM-ddTHH:mm:ss.ffffffZ in UTC (the microseconds truncated, as the custom format did).</summary>
    private static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset at, Span<byte> scratch)
    {
        var utc = at.UtcDateTime;
        var fraction = (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10);
        Write4(scratch, 0, utc.Year);
        scratch[4] = (byte)'-';
        Write2(scratch, 5, utc.Month);
        scratch[7] = (byte)'-';
        Write2(scratch, 8, utc.Day);
        scratch[10] = (byte)'T';
        Write2(scratch, 11, utc.Hour);
        scratch[13] = (byte)':';
        Write2(scratch, 14, utc.Minute);
        scratch[16] = (byte)':';
        Write2(scratch, 17, utc.Second);
        scratch[19] = (byte)'.';
        Write2(scratch, 20, fraction / 10_000);
        Write2(scratch, 22, fraction / 100 % 100);
        Write2(scratch, 24, fraction % 100);
        scratch[26] = (byte)'Z';
        writer.WriteStringValue(scratch[..27]);
    }

    private static void Write2(Span<byte> target, int at, int value)
    {
        target[at] = (byte)('0' + (value / 10));
        target[at + 1] = (byte)('0' + (value % 10));
    }

    private static void Write4(Span<byte> target, int at, int value)
    {
        Write2(target, at, value / 100);
        Write2(target, at + 2, value % 100);
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
