using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Iso.Web.Startup;

/// <summary>Checks a JSON request body of the API before any endpoint binds it: not larger than the limit, valid UTF-8,
/// well-formed JSON and not nested deeper than the limit. A body that fails gets a 413 or 400 problem naming the JSON
/// path and what is wrong; a body that passes is handed on from memory, so binding reads it as before.</summary>
/// <remarks>Invalid UTF-8 inside a string survives deserialisation into <see cref="JsonElement"/> and only fails when
/// an endpoint reads the value, which is why the whole body is checked here rather than left to the serializer.</remarks>
internal sealed class JsonDoor(RequestDelegate next, IOptions<HttpOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HasJsonBody(context.Request))
        {
            await next(context);
            return;
        }

        var limits = options.Value;
        var body = await ReadLimitedAsync(context.Request.Body, limits.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await BadRequestProblems.WriteAsync(
                context,
                StatusCodes.Status413PayloadTooLarge,
                "The request body is too large.",
                $"The request body is larger than {limits.MaxRequestBodyBytes:N0} bytes.",
                errors: null);
            return;
        }

        if (Check(body, limits.MaxJsonDepth) is { } problem)
        {
            await BadRequestProblems.WriteAsync(
                context,
                StatusCodes.Status400BadRequest,
                "The request body is not valid JSON.",
                $"{problem.Path}: {problem.Message}",
                new Dictionary<string, string[]> { [BadRequestProblems.FieldName(problem.Path)] = [problem.Message] });
            return;
        }

        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        await next(context);
    }

    /// <summary>A POST, PUT or PATCH to the API that says it carries JSON; other content types are refused by binding (415).</summary>
    private static bool HasJsonBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && request.HasJsonContentType();

    /// <summary>The whole body, or null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    internal sealed record Problem(string Path, string Message);

    /// <summary>The first thing wrong with the body, or null when it is valid UTF-8 and well-formed JSON within the depth.</summary>
    internal static Problem? Check(ReadOnlySpan<byte> body, int maxDepth)
    {
        if (FirstInvalidUtf8(body) is { } offset)
        {
            return new Problem("$", $"the body is not valid UTF-8 text (invalid byte at offset {offset}); send JSON encoded as UTF-8.");
        }

        // The reader's depth limit is one more than ours so that exceeding ours is reported with its path.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        var path = new JsonPathTracker();
        try
        {
            if (body.IsEmpty)
            {
                return new Problem("$", "the body is empty; send a JSON object.");
            }

            while (reader.Read())
            {
                path.Advance(ref reader);
                if (reader.CurrentDepth >= maxDepth && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    return new Problem(path.Current, $"the JSON is nested deeper than {maxDepth} levels.");
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            var where = string.Create(
                CultureInfo.InvariantCulture,
                $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}");
            // The error is at a place in the text, not in a field: the body is at fault, the last field seen helps find it.
            var near = path.Current == "$" ? "" : $", after {path.Current}";
            return new Problem("$", $"the body is not well-formed JSON ({where}{near}).");
        }
    }

    private static long? FirstInvalidUtf8(ReadOnlySpan<byte> body)
    {
        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            return null;
        }

        var offset = 0;
        while (offset < body.Length)
        {
            if (Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    /// <summary>Follows the reader and names where it is, in the serializer's notation (<c>$.form.name</c>, <c>$.items[2]</c>).</summary>
    private sealed class JsonPathTracker
    {
        private readonly List<Frame> _frames = [];

        public string Current
        {
            get
            {
                var path = new StringBuilder("$");
                foreach (var frame in _frames)
                {
                    if (frame.IsArray)
                    {
                        if (frame.Index >= 0)
                        {
                            path.Append(CultureInfo.InvariantCulture, $"[{frame.Index}]");
                        }
                    }
                    else if (frame.Property is { } name)
                    {
                        path.Append(IsPlainName(name) ? $".{name}" : $"['{name.Replace("'", "\\'", StringComparison.Ordinal)}']");
                    }
                }

                return path.ToString();
            }
        }

        public void Advance(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _frames[^1] = _frames[^1] with { Property = reader.GetString() };
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    NextValue();
                    _frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    _frames.RemoveAt(_frames.Count - 1);
                    break;
                default:
                    NextValue();
                    break;
            }
        }

        private void NextValue()
        {
            if (_frames.Count > 0 && _frames[^1].IsArray)
            {
                _frames[^1] = _frames[^1] with { Index = _frames[^1].Index + 1 };
            }
        }

        private static bool IsPlainName(string name) =>
            name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

        private readonly record struct Frame(bool IsArray, int Index, string? Property);
    }
}
