using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Iso.Workflows.Definitions;

/// <summary>
/// Conversions of case variable values. A value is null, a <see cref="string"/>, a <see cref="double"/>, a <see cref="bool"/>,
/// or for dates an ISO <c>yyyy-MM-dd</c> string, so that it maps one-to-one onto JSON and JavaScript.
/// </summary>
public static class VariableValues
{
    public static bool TryConvert(JsonElement element, VariableType type, out object? value)
    {
        value = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        switch (type)
        {
            case VariableType.String when element.ValueKind == JsonValueKind.String:
                value = element.GetString();
                return true;
            case VariableType.Number when element.ValueKind == JsonValueKind.Number:
                value = element.GetDouble();
                return true;
            case VariableType.Boolean when element.ValueKind is JsonValueKind.True or JsonValueKind.False:
                value = element.GetBoolean();
                return true;
            case VariableType.Date when element.ValueKind == JsonValueKind.String:
                return TryParseDate(element.GetString()!, out value);
            default:
                return false;
        }
    }

    /// <summary>Converts a value given by a caller (start variables) to the variable's representation.</summary>
    public static bool TryConvert(object? input, VariableType type, out object? value)
    {
        value = null;
        switch (input)
        {
            case null:
                return true;
            case JsonElement element:
                return TryConvert(element, type, out value);
            case string s when type is VariableType.String:
                value = s;
                return true;
            case string s when type is VariableType.Date:
                return TryParseDate(s, out value);
            case DateOnly d when type is VariableType.Date:
                value = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return true;
            case DateTime dt when type is VariableType.Date:
                value = DateOnly.FromDateTime(dt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return true;
            case bool b when type is VariableType.Boolean:
                value = b;
                return true;
            case double or float or decimal or int or long or short or byte when type is VariableType.Number:
                value = Convert.ToDouble(input, CultureInfo.InvariantCulture);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Converts text typed in a form (numbers invariant, booleans true/false, dates yyyy-MM-dd).</summary>
    public static bool TryParseText(string text, VariableType type, out object? value)
    {
        value = null;
        switch (type)
        {
            case VariableType.String:
                value = text;
                return true;
            case VariableType.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n):
                value = n;
                return true;
            case VariableType.Boolean when bool.TryParse(text, out var b):
                value = b;
                return true;
            case VariableType.Date:
                return TryParseDate(text, out value);
            default:
                return false;
        }
    }

    private static bool TryParseDate(string text, out object? value)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            value = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return true;
        }

        value = null;
        return false;
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Writes variables as a JSON object (keys in the given order).</summary>
    public static string Serialize(IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Count == 0)
        {
            return "{}";
        }

        // Every step that changes a variable writes them all; a per-thread buffer and writer avoid allocating both each time.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        foreach (var (name, value) in variables)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
        writer.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > 64 * 1024)
        {
            t_buffer = null;
            t_writer = null;
        }

        return text;
    }

    internal static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case double d: writer.WriteNumberValue(d); break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>Reads variables written by <see cref="Serialize"/>.</summary>
    public static Dictionary<string, object?> Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var length = Encoding.UTF8.GetMaxByteCount(json.Length);
        byte[]? rented = null;
        Span<byte> utf8 = length <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            Read(utf8[..Encoding.UTF8.GetBytes(json, utf8)], result);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return result;
    }

    private static void Read(ReadOnlySpan<byte> utf8, Dictionary<string, object?> result)
    {
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            result[name] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => reader.GetDouble(),
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => null,
            };
        }
    }
}
