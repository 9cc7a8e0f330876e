using System.Text.Json;

namespace Baoji.Exchange.Cli;

/// <summary>Follows the API's continuationToken from page to page and gathers the items.</summary>
public static class Pages
{
    /// <summary>Every item (up to <paramref name="limit"/>), or null when a request failed (already reported).</summary>
    public static async Task<List<JsonElement>?> CollectAsync(
        ApiClient api, string path, Func<JsonElement, IEnumerable<JsonElement>> items, int? limit, CancellationToken cancellationToken)
    {
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await api.GetJsonAsync(token is null ? path : $"{path}&continuationToken={Uri.EscapeDataString(token)}", cancellationToken);
            if (page is not { } json)
            {
                return null;
            }

            all.AddRange(items(json));
            token = json.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null && (limit is null || all.Count < limit));

        return limit is { } max && all.Count > max ? all[..max] : all;
    }
}
