using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Iso.Web.Startup;

/// <summary>A JSON value refused while binding, with our own reason; the serializer adds the path.</summary>
internal sealed class DoorJsonException(string reason) : JsonException(reason)
{
    public string Reason { get; } = reason;
}

/// <summary>Dates in API bodies: ISO 8601 strings between the years 1000 and 2999. The edges of the calendar types
/// (0001-01-01, 9999-12-31) overflow any deadline arithmetic; whether a date makes sense for the case at hand is the
/// use case's business, not the door's.</summary>
internal static class DoorDates
{
    public static readonly DateOnly Earliest = new(1000, 1, 1);
    public static readonly DateOnly Latest = new(2999, 12, 31);

    public static IEnumerable<JsonConverter> Converters { get; } =
        [new DateTimeOffsetConverter(), new DateTimeConverter(), new DateOnlyConverter()];

    private static string OutOfRange(string shown) =>
        $"'{shown}' is out of range: dates must lie between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.";

    private static void CheckYear(int year, string shown)
    {
        if (year < Earliest.Year || year > Latest.Year)
        {
            throw new DoorJsonException(OutOfRange(shown));
        }
    }

    private static string Raw(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : reader.TokenType.ToString();

    private sealed class DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
            {
                throw new DoorJsonException(
                    "must be a date and time as an ISO 8601 JSON string (e.g. \"2026-11-28T08:30:00+07:00\").");
            }

            CheckYear(value.UtcDateTime.Year, Raw(ref reader));
            return value;
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    private sealed class DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var value))
            {
                throw new DoorJsonException("must be a date and time as an ISO 8601 JSON string (e.g. \"2026-11-28T08:30:00Z\").");
            }

            CheckYear(value.Year, Raw(ref reader));
            return value;
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    private sealed class DateOnlyConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                throw new DoorJsonException("must be a date as a JSON string in the form yyyy-MM-dd (e.g. \"2026-11-28\").");
            }

            CheckYear(value.Year, text!);
            return value;
        }

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
