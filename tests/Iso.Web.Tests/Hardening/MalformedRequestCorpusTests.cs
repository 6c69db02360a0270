using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Iso.Data.Seeding;
using Iso.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Hardening;

/// <summary>Every POST/PUT/PATCH endpoint of the API that takes a JSON body, found in the app's endpoint data source
/// (a new endpoint is covered without touching this file), gets a corpus of malformed bodies. Each answer must be a
/// 4xx problem, never a 5xx, naming the field where one is at fault, and no table may gain or lose a row.</summary>
[Collection(nameof(HardeningCollection))]
public sealed class MalformedRequestCorpusTests(HardeningFactory factory)
{
    private const int MaxBodyBytes = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A body to send, the content type, and the field the problem must name (null: any 4xx problem, for the
    /// entries where refusing is the use case's business and an answer such as 401 for a login is as good).</summary>
    public sealed record Attempt(string Description, byte[] Body, string ContentType, string? Field);

    public static TheoryData<string> Entries =>
    [
        "broken JSON",
        "not JSON at all",
        "trailing garbage",
        "empty body",
        "JSON array instead of object",
        "wrong type for each field",
        "nesting past the limit",
        "nesting past the limit inside a field",
        "invalid UTF-8 bytes",
        "invalid UTF-8 in a field name",
        "date 0001-01-01",
        "date 9999-12-31",
        "unparseable date",
        "wrong content type",
        "body over the limit",
        "huge string under the body limit",
        "control characters only",
    ];

    [Fact]
    public void Corpus_FindsTheJsonEndpointsOfTheApi()
    {
        var endpoints = JsonEndpoints().Select(e => $"{e.Method} {e.Route}").ToList();

        Assert.Contains("POST api/v1/auth/login", endpoints);
        Assert.Contains("POST api/v1/cases/", endpoints);
        Assert.Contains("POST api/v1/tasks/{id:guid}/complete", endpoints);
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public async Task MalformedBody_IsA4xxProblem_AndStoresNothing(string entry)
    {
        using var client = await factory.CreateBearerClientAsync(DemoAccounts.ReceptionStaff.UserName, Demo.Password);
        var openTask = await StartCaseAsync(client);
        var failures = new List<string>();

        foreach (var endpoint in JsonEndpoints())
        {
            foreach (var attempt in Attempts(entry, endpoint.BodyType, endpoint.BodyIsOptional))
            {
                var before = CountRows();
                var url = "/" + endpoint.Route.Replace("{id:guid}", openTask.ToString(), StringComparison.Ordinal)
                    .Replace("{year:int}", "2041", StringComparison.Ordinal)
                    .Replace("{key}", "tthc-mot-cap", StringComparison.Ordinal)
                    .Replace("{version:int}", "1", StringComparison.Ordinal);
                // Any other route value: a real id where one is wanted (unknown ids must still answer 4xx), 1 for numbers.
                url = System.Text.RegularExpressions.Regex.Replace(url, @"\{[^}:]+:guid\}", openTask.ToString());
                url = System.Text.RegularExpressions.Regex.Replace(url, @"\{[^}:]+:int\}", "1");
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url)
                {
                    Content = new ByteArrayContent(attempt.Body),
                };
                request.Content.Headers.TryAddWithoutValidation("Content-Type", attempt.ContentType);

                using var response = await client.SendAsync(request, Ct);

                var problem = await CheckAsync(response, attempt);
                var changed = Changes(before, CountRows());
                if (problem is not null || changed is not null)
                {
                    failures.Add($"{endpoint.Method} {url} · {attempt.Description}: {problem ?? changed}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static async Task<string?> CheckAsync(HttpResponseMessage response, Attempt attempt)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (status is < 400 or >= 500)
        {
            return $"answered {status}: {Shorten(text)}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"answered {status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not a problem";
        }

        if (attempt.Field is null)
        {
            return null;
        }

        using var problem = JsonDocument.Parse(text);
        // A field or a place inside it (nesting is reported where it goes too deep).
        return problem.RootElement.TryGetProperty("errors", out var errors)
            && errors.EnumerateObject().Any(e => e.Name.StartsWith(attempt.Field, StringComparison.Ordinal))
            ? null
            : $"answered {status} without naming '{attempt.Field}': {Shorten(text)}";
    }

    private static IEnumerable<Attempt> Attempts(string entry, Type bodyType, bool bodyIsOptional)
    {
        const string Json = "application/json";
        // A whole JSON document (a procedure definition) has no typed fields to get wrong: any object is a document,
        // and a document with problems is the use case's business (a draft with errors is stored and reported).
        var properties = typeof(JsonNode).IsAssignableFrom(bodyType) || bodyType == typeof(JsonElement)
            ? []
            : bodyType.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var strings = properties.Where(p => p.PropertyType == typeof(string)).ToList();
        var dates = properties.Where(p => Nullable.GetUnderlyingType(p.PropertyType) is { } t ? IsDate(t) : IsDate(p.PropertyType)).ToList();
        var dictionaries = properties.Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>)).ToList();

        switch (entry)
        {
            case "broken JSON":
                yield return Text("""{"outcome": "accept", """, Json, "$");
                break;
            case "not JSON at all":
                yield return Text("hello", Json, "$");
                break;
            case "trailing garbage":
                yield return Text("{} x", Json, "$");
                break;
            case "empty body":
                // Where the body is optional (validate the stored version), an empty one is not malformed.
                if (!bodyIsOptional)
                {
                    yield return new(entry, [], Json, "$");
                }

                break;
            case "JSON array instead of object":
                yield return Text("[1, 2, 3]", Json, "$");
                break;
            case "wrong type for each field":
                foreach (var property in properties)
                {
                    var wrong = property.PropertyType == typeof(string) || IsDate(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType)
                        ? "12345"
                        : "\"text\"";
                    yield return Text($$"""{"{{Name(property)}}": {{wrong}}}""", Json, Name(property), $"{entry}: {Name(property)}");
                }

                break;
            case "nesting past the limit":
                yield return Text(new string('[', 200) + new string(']', 200), Json, "[0][0]");
                break;
            case "nesting past the limit inside a field":
                foreach (var property in dictionaries)
                {
                    var deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
                    yield return Text("{\"" + Name(property) + "\": {\"x\": " + deep + "}}", Json, Name(property) + ".x.a", $"{entry}: {Name(property)}");
                }

                break;
            case "invalid UTF-8 bytes":
                foreach (var property in strings.Concat(dictionaries))
                {
                    var broken = property.PropertyType == typeof(string) ? "\"ab\u00FF\u00FEcd\"" : "{\"x\": \"ab\u00FF\u00FEcd\"}";
                    yield return new($"{entry}: {Name(property)}", Latin1($$"""{"{{Name(property)}}": {{broken}}}"""), Json, "$");
                }

                break;
            case "invalid UTF-8 in a field name":
                foreach (var property in dictionaries)
                {
                    yield return new($"{entry}: {Name(property)}", Latin1("{\"" + Name(property) + "\": {\"\u00C3\u0028\": \"x\"}}"), Json, "$");
                }

                break;
            case "date 0001-01-01" or "date 9999-12-31" or "unparseable date":
                var value = entry switch { "date 0001-01-01" => "0001-01-01", "date 9999-12-31" => "9999-12-31T23:59:59+00:00", _ => "31/12/2026" };
                foreach (var property in dates)
                {
                    yield return Text(WithValidFields(bodyType, Name(property), JsonSerializer.Serialize(value)), Json, Name(property), $"{entry}: {Name(property)}");
                }

                break;
            case "wrong content type":
                yield return Text("""{"outcome": "accept"}""", "text/plain", null);
                yield return Text("outcome=accept", "application/x-www-form-urlencoded", null);
                break;
            case "body over the limit":
                foreach (var property in strings)
                {
                    yield return Text($$"""{"{{Name(property)}}": "{{new string('x', 10 * MaxBodyBytes)}}"}""", Json, null, $"{entry}: {Name(property)} of 10 MB");
                }

                break;
            case "huge string under the body limit":
                foreach (var property in strings)
                {
                    yield return Text(WithValidFields(bodyType, Name(property), JsonSerializer.Serialize(new string('x', MaxBodyBytes - 4096))), Json, null, $"{entry}: {Name(property)} of ~1 MB");
                }

                break;
            case "control characters only":
                foreach (var property in strings)
                {
                    yield return Text(WithValidFields(bodyType, Name(property), "\"\\u0001\\u0002\\u0007\\u001b\""), Json, null, $"{entry}: {Name(property)}");
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(entry), entry, "No such corpus entry.");
        }

        Attempt Text(string body, string contentType, string? field, string? description = null) =>
            new(description ?? entry, Encoding.UTF8.GetBytes(body), contentType, field);
    }

    /// <summary>A body that would be accepted but for the one field given, so that the answer is about that field.</summary>
    private static string WithValidFields(Type bodyType, string field, string rawValue)
    {
        var valid = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // No such account: a wrong password for a real one is a failed sign-in, which is recorded (and locks).
            ["userName"] = JsonSerializer.Serialize("corpus-nobody"),
            ["password"] = JsonSerializer.Serialize("wrong-password"),
            ["definitionKey"] = JsonSerializer.Serialize("tthc-mot-cap"),
            ["outcome"] = JsonSerializer.Serialize("accept"),
            ["form"] = JsonSerializer.Serialize(new { receiptNo = "HS-CORPUS", applicantName = "Nguyễn Văn A" }),
        };
        var fields = bodyType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(Name)
            .Where(name => name == field || valid.ContainsKey(name))
            .Select(name => $"\"{name}\": {(name == field ? rawValue : valid[name])}");
        return "{" + string.Join(", ", fields) + "}";
    }

    private static bool IsDate(Type type) => type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly);

    private static string Name(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private sealed record JsonEndpoint(string Method, string Route, Type BodyType, bool BodyIsOptional);

    private IReadOnlyList<JsonEndpoint> JsonEndpoints() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is "POST" or "PUT" or "PATCH")
                .Select(m => (Method: m, Endpoint: e)))
            .Where(x => x.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null } accepts
                && accepts.ContentTypes.Contains("application/json"))
            .Select(x => new JsonEndpoint(
                x.Method,
                x.Endpoint.RoutePattern.RawText!.TrimStart('/'),
                x.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType!,
                x.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()!.IsOptional))
            .OrderBy(e => e.Route, StringComparer.Ordinal)];

    /// <summary>Starts a case and returns its open task, so that task endpoints bind their body against a real task.</summary>
    private static async Task<Guid> StartCaseAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/cases", new { definitionKey = "tthc-mot-cap", reference = "HS-CORPUS" }, Ct);
        response.EnsureSuccessStatusCode();
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return started.GetProperty("openTasks")[0].GetProperty("id").GetGuid();
    }

    /// <summary>Rows per table, except those that change without a request storing anything (keys, sign-in bookkeeping).</summary>
    private Dictionary<string, long> CountRows()
    {
        using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'DataProtectionKeys'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)count.ExecuteScalar()!;
        }

        return counts;
    }

    private static string? Changes(Dictionary<string, long> before, Dictionary<string, long> after)
    {
        var changed = after.Where(t => before.GetValueOrDefault(t.Key) != t.Value)
            .Select(t => $"{t.Key} {before.GetValueOrDefault(t.Key)}→{t.Value}")
            .ToList();
        return changed.Count == 0 ? null : "stored something: " + string.Join(", ", changed);
    }
}
