using System.Net.Http.Json;
using System.Text.Json;

namespace Iso.Web.Tests.TestSupport;

/// <summary>Reads a person's whole inbox through the paged API (the shared test app holds many open tasks).</summary>
internal static class InboxPages
{
    public static async Task<JsonElement?> FindAsync(HttpClient client, Func<JsonElement, bool> match)
    {
        for (var page = 1; page <= 100; page++)
        {
            using var response = await client.GetAsync($"/api/v1/tasks?page={page}&pageSize=100", TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            var items = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            if (items.GetArrayLength() == 0)
            {
                return null;
            }

            foreach (var item in items.EnumerateArray().Where(match))
            {
                return item.Clone();
            }
        }

        return null;
    }
}
