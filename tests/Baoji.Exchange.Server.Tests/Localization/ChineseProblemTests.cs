using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;

namespace Baoji.Exchange.Server.Tests.Localization;

/// <summary>Problems against the real server: a code always, zh-CN title, detail and messages when asked, English otherwise, the same field keys.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChineseProblemTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "zhcn");

    [Fact]
    public async Task An_invalid_record_in_chinese_names_the_same_fields_with_codes_and_chinese_messages()
    {
        var client = await _server.ActingFor(Bodies.Longxian);
        var body = Bodies.Visit();
        body["endDate"] = "2024-04-01";
        body["delegationSize"] = 0;

        var problem = await SendAsync(client, HttpMethod.Post, "/api/v1/visits", body, "zh-CN,zh;q=0.9,en;q=0.8", HttpStatusCode.BadRequest, "endDate");

        Assert.Equal("一个或多个字段不正确。", (string?)problem["title"]);
        Assert.Equal("field.date-order", (string?)problem["code"]);
        Assert.Equal("结束日期不能早于开始日期。", (string?)problem["errors"]!["endDate"]![0]);
        Assert.Equal("代表团人数须在 1 到 500 之间。", (string?)problem["errors"]!["delegationSize"]![0]);
        Assert.Equal("field.number-range", (string?)problem["errorCodes"]!["delegationSize"]![0]);
        Assert.Equal("结束日期不能早于开始日期。", (string?)problem["detail"]);
    }

    [Fact]
    public async Task The_same_problem_in_english_keeps_its_text_and_gains_the_same_code()
    {
        var client = await _server.ActingFor(Bodies.Longxian);
        var body = Bodies.Visit();
        body["endDate"] = "2024-04-01";

        var problem = await SendAsync(client, HttpMethod.Post, "/api/v1/visits", body, "en;q=0.9, zh-CN;q=0.8", HttpStatusCode.BadRequest, "endDate");

        Assert.Equal("One or more fields are invalid.", (string?)problem["title"]);
        Assert.Equal("endDate must not be before startDate.", (string?)problem["errors"]!["endDate"]![0]);
        Assert.Equal("field.date-order", (string?)problem["code"]);
        Assert.Null(problem["detail"]);
    }

    [Fact]
    public async Task A_record_not_found_and_a_refusal_read_in_chinese()
    {
        var client = await _server.ActingFor(Bodies.Qianyang);
        var notFound = await SendAsync(client, HttpMethod.Get, "/api/v1/visits/vis-20240101000000000-0000000000", null, "zh-CN", HttpStatusCode.NotFound, "id");
        Assert.Equal(("未找到", "record.not-found", "未找到互访记录 vis-20240101000000000-0000000000。"),
            ((string?)notFound["title"], (string?)notFound["code"], (string?)notFound["detail"]));

        var refused = await SendAsync(client, HttpMethod.Get, "/api/v1/reports/2024?perspective=610300", null, "zh-CN", HttpStatusCode.Forbidden, "perspective");
        Assert.Equal(("无权操作", "access.report"), ((string?)refused["title"], (string?)refused["code"]));
        Assert.Contains("本账号不能查看", (string?)refused["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_conflict_reads_as_the_pages_say_it()
    {
        var client = await _server.ActingFor(Bodies.Longxian);
        var created = await client.CreateAsync("visits", Bodies.Visit());
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/visits/{created.Id()}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new JsonObject { ["reason"] = "更正", ["changes"] = new JsonObject { ["delegationSize"] = 7 } }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"9\"");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        var problem = await (await client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "If-Match");

        Assert.Equal("record.version-conflict", (string?)problem["code"]);
        Assert.StartsWith("已被他人修改，请刷新后再试", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authentication_problems_are_chinese_too()
    {
        var anonymous = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/pairings");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        var problem = await (await anonymous.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "Authorization");

        Assert.Equal(("需要登录", "auth.required"), ((string?)problem["title"], (string?)problem["code"]));
    }

    private static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string url, JsonNode? body, string language, HttpStatusCode status, string field)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Accept-Language", language);
        return await (await client.SendAsync(request)).ExpectProblemAsync(status, field);
    }
}
