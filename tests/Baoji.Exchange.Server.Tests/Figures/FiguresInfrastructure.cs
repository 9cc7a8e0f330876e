using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Figures;

/// <summary>
/// The year-end figure tests get an Azurite of their own: the figures table and the ledger index are keyed by
/// partnership and year, not by service id, so records other test classes log between the seeded organisations
/// (2024 visits of Longxian and Tongshan, say) would otherwise show up in "exact" figures.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FiguresCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "figures";
}

/// <summary>One server per test class, started on first use with a service id of its own.</summary>
public sealed class FiguresServer : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private ServerFactory? _server;

    public ServerFactory Get(AzuriteFixture azurite, string prefix, bool loadLedger)
    {
        lock (_gate)
        {
            return _server ??= new ServerFactory(azurite, $"{prefix}-{Guid.NewGuid():N}"[..24]) { LoadLedger = loadLedger };
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Organisations of seeds/registry.json the figure tests use.</summary>
internal static class Orgs
{
    public const string Baoji = "610300";
    public const string Xuzhou = "320300";

    /// <summary>The five county pairs, Baoji county first.</summary>
    public static readonly (string Baoji, string Xuzhou)[] CountyPairs =
        [("610324", "320382"), ("610327", "320312"), ("610328", "320381"), ("610329", "320322"), ("610331", "320305")];

    /// <summary>A school of the county in the registry: "sx-610324-s01", "js-320382-s02", ….</summary>
    public static string School(string countyId, int n) =>
        $"{(countyId.StartsWith("61", StringComparison.Ordinal) ? "sx" : "js")}-{countyId}-s{n + 1:D2}";

    public static bool IsBaoji(string orgId) => orgId.StartsWith("61", StringComparison.Ordinal) || orgId.StartsWith("sx-", StringComparison.Ordinal);

    /// <summary>The county of a county bureau or school; null for a city bureau.</summary>
    public static string? CountyOf(string orgId) => orgId.Length == 6
        ? (orgId.EndsWith("00", StringComparison.Ordinal) ? null : orgId)
        : orgId.Split('-')[1];
}

internal static class FiguresHttp
{
    public static async Task<JsonObject> ExpectJsonAsync(this HttpResponseMessage response, params HttpStatusCode[] statuses)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(statuses.Contains(response.StatusCode),
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {string.Join("/", statuses.Select(s => (int)s))}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }

    public static HttpRequestMessage Post(string url, JsonNode body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    public static HttpRequestMessage Patch(string url, JsonNode body, int ifMatch, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{ifMatch}\"");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    /// <summary>
    /// A POST as a client that follows the contract: under an Idempotency-Key of its own, and sent again with the same
    /// key after a 503's Retry-After (at most 4 times), so a slow silo on a loaded machine is waited for, never doubled.
    /// </summary>
    public static async Task<JsonObject> PostAsync(this HttpClient client, string url, JsonNode body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var key = $"test-{Guid.NewGuid():N}";
        return await (await SendRetryingAsync(client, () => Post(url, body, key))).ExpectJsonAsync(expected);
    }

    /// <summary>Sends the request, and again after each 503's Retry-After (capped at 5 s), up to 4 times in all.</summary>
    public static async Task<HttpResponseMessage> SendRetryingAsync(HttpClient client, Func<HttpRequestMessage> request)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.SendAsync(request());
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 4)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5));
        }
    }

    public static async Task<JsonObject> CreateAsync(this HttpClient client, string collection, JsonNode body) =>
        await client.PostAsync($"/api/v1/{collection}", body, HttpStatusCode.Created);

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string url) =>
        await (await SendRetryingAsync(client, () => new HttpRequestMessage(HttpMethod.Get, url))).ExpectJsonAsync(HttpStatusCode.OK);

    public static Task<JsonObject> ReportAsync(this HttpClient client, int year, string perspective) =>
        client.GetJsonAsync($"/api/v1/reports/{year}?perspective={perspective}");

    /// <summary>A drill-down with the items of all its pages (following each continuationToken) in one "items" array.</summary>
    public static async Task<JsonObject> DrillDownAsync(this HttpClient client, int year, string perspective, string figure, string? countyId = null,
        int? pageSize = null)
    {
        var path = $"/api/v1/reports/{year}/records?perspective={perspective}&figure={Uri.EscapeDataString(figure)}"
            + (countyId is null ? "" : $"&countyId={countyId}") + (pageSize is null ? "" : $"&pageSize={pageSize}");
        var first = await client.GetJsonAsync(path);
        var items = first["items"]!.AsArray();
        for (var page = first; page["continuationToken"] is JsonValue token;)
        {
            page = await client.GetJsonAsync($"{path}&continuationToken={Uri.EscapeDataString((string)token!)}");
            Assert.Equal((decimal)first["value"]!, (decimal)page["value"]!);
            foreach (var item in page["items"]!.AsArray())
            {
                items.Add(item!.DeepClone());
            }
        }

        return first;
    }

    public static Task<JsonObject> AuditAsync(this HttpClient admin, int year, string perspective) =>
        admin.GetJsonAsync($"/api/v1/reports/{year}/audit?perspective={perspective}");

    /// <summary>The figures of the city (no county) or of one county of the report.</summary>
    public static JsonObject Scope(this JsonObject report, string? countyId) => countyId is null
        ? report
        : report["counties"]!.AsArray().Select(c => c!.AsObject()).Single(c => (string?)c["id"] == countyId);

    /// <summary>A figure by its drill-down name ("staffExchanged.sent", "training.bySubject.机械加工").</summary>
    public static decimal Figure(this JsonObject figures, string name)
    {
        JsonNode? node = figures;
        var parts = name.StartsWith("training.bySubject.", StringComparison.Ordinal)
            ? ["training", "bySubject", name["training.bySubject.".Length..]]
            : name.Split('.');
        foreach (var part in parts)
        {
            node = node?[part];
        }

        return node is null ? 0 : node.GetValue<decimal>();
    }

    public static string Id(this JsonObject record) => (string)record["id"]!;

    public static int Version(this JsonObject record) => (int)record["version"]!;

    public static string Describe(this JsonObject audit) => audit.ToJsonString();
}
