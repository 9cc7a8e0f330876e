using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>Request bodies of the four record kinds, between seeded organisations (see seeds/registry.json).</summary>
internal static class Bodies
{
    public const string Longxian = "610327";
    public const string Tongshan = "320312";
    public const string Qianyang = "610328";
    public const string Xinyi = "320381";
    public const string LongxianVocational = "sx-610327-longxian-vec";
    public const string TongshanVocational = "js-320312-tongshan-svs";
    public const string Qiwen = "sx-610328-qiwen-ps";
    public const string Xinan = "js-320381-xinan-ps";

    public static JsonObject Visit(string from = Longxian, string to = Tongshan, string level = "bureau") => new()
    {
        ["fromOrgId"] = from,
        ["toOrgId"] = to,
        ["level"] = level,
        ["startDate"] = "2024-04-09",
        ["endDate"] = "2024-04-11",
        ["delegationSize"] = 5,
        ["purpose"] = "陇县教育和体育局领导赴铜山区，商定年度对口帮扶工作计划",
    };

    public static JsonObject StaffExchange(string personRef = "T-1042") => new()
    {
        ["personRef"] = personRef,
        ["displayName"] = "张老师",
        ["role"] = "teacher",
        ["homeOrgId"] = LongxianVocational,
        ["hostOrgId"] = TongshanVocational,
        ["startDate"] = "2024-09-01",
        ["endDate"] = "2025-01-15",
        ["subject"] = "机械加工",
    };

    public static JsonObject Training() => new()
    {
        ["providerOrgId"] = TongshanVocational,
        ["recipientOrgId"] = LongxianVocational,
        ["kind"] = "teacher-training",
        ["subjects"] = new JsonArray("机械加工", "电子技术"),
        ["mode"] = "onsite",
        ["startDate"] = "2024-05-20",
        ["endDate"] = "2024-05-24",
        ["sessions"] = 5,
        ["trainees"] = 30,
        ["equipmentValueYuan"] = 0,
    };

    public static JsonObject Agreement(string kind = "cooperation", string a = Longxian, string b = Tongshan) => new()
    {
        ["kind"] = kind,
        ["partyIds"] = new JsonArray(a, b),
        ["title"] = "陇县—铜山区教育对口协作协议",
        ["validFrom"] = "2024-04-16",
        ["validUntil"] = "2025-12-31",
    };
}

/// <summary>How each record kind is exercised: who logs it, who answers, a correction, where it is listed.</summary>
public sealed record KindCase(
    string Collection, Func<JsonObject> Body, string Logger, string Counterpart, string Field, JsonNode NewValue,
    IReadOnlyList<string> ListedUnder, IReadOnlyList<int> Years)
{
    public static readonly IReadOnlyDictionary<string, KindCase> All = new Dictionary<string, KindCase>(StringComparer.Ordinal)
    {
        ["visits"] = new("visits", () => Bodies.Visit(), Bodies.Longxian, Bodies.Tongshan, "delegationSize", 6,
            [Bodies.Longxian, Bodies.Tongshan, "610300", "320300"], [2024]),
        ["staff-exchanges"] = new("staff-exchanges", () => Bodies.StaffExchange(), Bodies.LongxianVocational, Bodies.TongshanVocational, "subject", "电子技术",
            [Bodies.LongxianVocational, Bodies.TongshanVocational, Bodies.Longxian, Bodies.Tongshan, "610300", "320300"], [2024, 2025]),
        // Logged by the county bureau above the Jiangsu school that provides the training.
        ["trainings"] = new("trainings", Bodies.Training, Bodies.Tongshan, Bodies.LongxianVocational, "trainees", 32,
            [Bodies.TongshanVocational, Bodies.LongxianVocational, Bodies.Tongshan, Bodies.Longxian, "610300", "320300"], [2024]),
        ["agreements"] = new("agreements", () => Bodies.Agreement(), Bodies.Longxian, Bodies.Tongshan, "title", "陇县—铜山区教育对口协作协议（修订）",
            [Bodies.Longxian, Bodies.Tongshan, "610300", "320300"], [2024, 2025]),
    };

    public static TheoryData<string> Collections => ["visits", "staff-exchanges", "trainings", "agreements"];
}

internal static class LedgerHttp
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, JsonNode body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, JsonNode body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    /// <summary>Asserts the status (showing the body when it differs) and returns the JSON body.</summary>
    public static async Task<JsonObject> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asserts a problem+json of this status whose "errors" name <paramref name="field"/>.</summary>
    public static async Task<JsonObject> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem["errors"] as JsonObject;
        Assert.True(errors is not null && errors.ContainsKey(field), $"Expected \"errors\" to name {field}: {problem.ToJsonString()}");
        return problem;
    }

    public static async Task<JsonObject> CreateAsync(this HttpClient client, string collection, JsonNode body, string? idempotencyKey = null) =>
        await (await client.PostJsonAsync($"/api/v1/{collection}", body, idempotencyKey)).ExpectAsync(HttpStatusCode.Created);

    public static async Task<JsonObject> ReadAsync(this HttpClient client, string collection, string id) =>
        await (await client.GetAsync($"/api/v1/{collection}/{id}")).ExpectAsync(HttpStatusCode.OK);

    /// <summary>Every record listed for the organisation and year, page by page.</summary>
    public static async Task<List<JsonObject>> ListAllAsync(this HttpClient client, string collection, string organizationId, int year,
        string? status = null, int pageSize = 1000)
    {
        var all = new List<JsonObject>();
        string? token = null;
        do
        {
            var url = $"/api/v1/{collection}?organizationId={organizationId}&year={year}&pageSize={pageSize}"
                + (status is null ? "" : $"&status={status}")
                + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            all.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            token = (string?)page["continuationToken"];
        }
        while (token is not null);

        return all;
    }

    public static string Id(this JsonObject record) => (string)record["id"]!;

    public static int Version(this JsonObject record) => (int)record["version"]!;

    public static string Status(this JsonObject record) => (string)record["status"]!;

    public static List<JsonObject> History(this JsonObject record) => [.. record["history"]!.AsArray().Select(h => h!.AsObject())];
}
