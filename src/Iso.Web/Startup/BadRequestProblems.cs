using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace Iso.Web.Startup;

/// <summary>Turns the binding failures of minimal API endpoints (<see cref="BadHttpRequestException"/>: a JSON value of
/// the wrong type, no body, wrong content type, body too large) into 400/413/415 problems that name the JSON path and
/// what is wrong, in every environment, so that endpoints stay thin. The texts are ours: exception messages, which
/// name CLR types and parameters, never reach the caller.</summary>
internal sealed partial class BadRequestProblems(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
        {
            // Pages: the error page is re-executed with the status from UseIsoWeb's selector. It is a GET page: a failed
            // form POST re-executed as POST would meet antiforgery and form handling again and fail inside the handler.
            httpContext.Request.Method = HttpMethods.Get;
            return false;
        }

        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var (title, detail, errors) = Describe(httpContext, badRequest);
        httpContext.Response.Clear();
        return await TryWriteAsync(problemDetails, httpContext, badRequest.StatusCode, title, detail, errors, exception);
    }

    public static Task WriteAsync(HttpContext context, int status, string title, string detail, IDictionary<string, string[]>? errors) =>
        TryWriteAsync(context.RequestServices.GetRequiredService<IProblemDetailsService>(), context, status, title, detail, errors, exception: null);

    /// <summary>The key of a JSON path in <c>errors</c>: the path without its <c>$.</c> root, as the endpoints' own
    /// validation names fields (<c>receivedAt</c>, <c>form.receiptNo</c>); the body itself is <c>$</c>.</summary>
    public static string FieldName(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "$" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    private static async Task<bool> TryWriteAsync(
        IProblemDetailsService service, HttpContext context, int status, string title, string detail, IDictionary<string, string[]>? errors, Exception? exception)
    {
        context.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (string Title, string Detail, IDictionary<string, string[]>? Errors) Describe(HttpContext context, BadHttpRequestException exception)
    {
        switch (exception.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return ("The request body is too large.", "The request body is larger than the server accepts.", null);
            case StatusCodes.Status415UnsupportedMediaType:
                return ("Unsupported content type.",
                    $"Send the body as JSON with 'Content-Type: application/json' (was '{Shorten(context.Request.ContentType)}').", null);
        }

        if (exception.InnerException is JsonException json)
        {
            var path = json.Path ?? "$";
            var message = json is DoorJsonException door ? door.Reason : $"must be {Expected(context, path)}.";
            return ("The request body is not valid.", $"{path}: {message}", new Dictionary<string, string[]> { [FieldName(path)] = [message] });
        }

        if (context.Request.ContentLength is 0 || (context.Request.ContentLength is null && !context.Request.Headers.ContainsKey("Transfer-Encoding")))
        {
            const string Missing = "the body is empty; send a JSON object.";
            return ("The request body is not valid.", $"$: {Missing}", new Dictionary<string, string[]> { ["$"] = [Missing] });
        }

        return ("Bad request.", "A route, query or header value of the request has the wrong form.", null);
    }

    private static string Shorten(string? text) =>
        text is null ? "none" : text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>What the value at <paramref name="path"/> must be, from the type the endpoint binds its body to.</summary>
    internal static string Expected(HttpContext context, string path)
    {
        var bodyType = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        return bodyType is null ? "a value of another type" : Describe(TypeAt(bodyType, path));
    }

    internal static Type? TypeAt(Type root, string path)
    {
        Type? type = root;
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (type is null)
            {
                return null;
            }

            type = segment.Groups["index"].Success ? ElementType(type) : MemberType(type, segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value);
        }

        return type;
    }

    private static Type? MemberType(Type type, string name)
    {
        if (DictionaryValueType(type) is { } valueType)
        {
            return valueType;
        }

        return type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
    }

    private static Type? DictionaryValueType(Type type) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0]
        : null;

    private static string Describe(Type? type)
    {
        if (type is null)
        {
            return "a value of another type";
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "a JSON string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(Guid) => "an id as a JSON string (a GUID such as \"3f2504e0-4f89-11d3-9a0c-0305e82c3301\")",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time as an ISO 8601 JSON string (e.g. \"2026-11-28T08:30:00+07:00\")",
            _ when type == typeof(DateOnly) => "a date as a JSON string (e.g. \"2026-11-28\")",
            _ when type == typeof(JsonElement) => "a JSON value",
            _ when type.IsEnum => $"one of: {string.Join(", ", Enum.GetNames(type))}",
            _ when type.IsPrimitive || type == typeof(decimal) => "a number in range",
            _ when DictionaryValueType(type) is not null => "a JSON object",
            _ when typeof(IEnumerable).IsAssignableFrom(type) => "a JSON array",
            _ => "a JSON object",
        };
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^'\\]|\\.)*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
