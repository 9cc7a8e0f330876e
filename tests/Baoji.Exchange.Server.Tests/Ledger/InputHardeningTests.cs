using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>
/// Issue 9, "input that cannot break anything", against the real server: each hostile input of the issue gets its
/// status and field, and a read afterwards shows nothing was stored or changed.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class InputHardeningTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "input");

    private Task<int> CountAsync(string collection, string organizationId) =>
        _server.Admin().ListAllAsync(collection, organizationId, 2024).ContinueWith(t => t.Result.Count, TaskScheduler.Default);

    [Theory]
    [InlineData("/../../agreements-agreementregister/610300-320399")]
    [InlineData("a|b")]
    [InlineData("key with spaces")]
    [InlineData("钥匙")]
    public async Task An_Idempotency_Key_that_is_not_a_plain_token_is_400_and_creates_nothing(string key)
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var before = await CountAsync("visits", Bodies.Longxian);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits") { Content = JsonContent(Bodies.Visit()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        await (await longxian.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");

        Assert.Equal(before, await CountAsync("visits", Bodies.Longxian));
    }

    [Fact]
    public async Task Long_keys_are_400_and_keys_of_letters_digits_dots_dashes_and_underscores_keep_working()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var before = await CountAsync("visits", Bodies.Longxian);
        await (await longxian.PostJsonAsync("/api/v1/visits", Bodies.Visit(), new string('k', 101))).ExpectProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");
        Assert.Equal(before, await CountAsync("visits", Bodies.Longxian));

        var key = $"seed-2024.visit_{Guid.NewGuid():N}";
        var first = await longxian.CreateAsync("visits", Bodies.Visit(), key);
        var again = await longxian.CreateAsync("visits", Bodies.Visit(), key);
        Assert.Equal(first.Id(), again.Id());
        Assert.Equal(before + 1, await CountAsync("visits", Bodies.Longxian));
    }

    [Fact]
    public async Task A_bad_Idempotency_Key_on_a_record_action_is_400_and_the_record_is_unchanged()
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());
        var tongshan = await _server.ActingFor(Bodies.Tongshan);

        await (await tongshan.PostJsonAsync($"/api/v1/visits/{created.Id()}/confirmation", new JsonObject { ["orgId"] = Bodies.Tongshan }, "../x"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");

        var read = await _server.Admin().ReadAsync("visits", created.Id());
        Assert.Equal(("logged", 1), (read.Status(), read.Version()));
    }

    [Fact]
    public async Task Ids_that_would_become_grain_keys_are_refused_before_any_grain()
    {
        var admin = _server.Admin();
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/visits/vis-..%2F..%2Fx")).StatusCode);
        await (await admin.PostJsonAsync("/api/v1/reconciliation/merges", new JsonObject { ["keepId"] = "../../x", ["duplicateId"] = created.Id() }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "keepId");
        await (await admin.PostJsonAsync("/api/v1/reconciliation/merges", new JsonObject { ["keepId"] = created.Id(), ["duplicateId"] = "vis|x|y" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "duplicateId");
        await (await admin.GetAsync("/api/v1/reconciliation/merges/mrg-..%2Fx")).ExpectProblemAsync(HttpStatusCode.NotFound, "id");
        await (await admin.GetAsync("/api/v1/pairings?organizationId=..%2F..%2Fx")).ExpectProblemAsync(HttpStatusCode.BadRequest, "organizationId");
        await (await admin.GetAsync("/api/v1/reports/2024?perspective=..%2F610300")).ExpectProblemAsync(HttpStatusCode.BadRequest, "perspective");
        await (await admin.GetAsync("/api/v1/organizations/..%2F610300")).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
        // Arabic-Indic digits in a rebuild job id (a regex's \d matched them, then int.Parse threw).
        await (await admin.GetAsync($"/api/v1/reports/2024/rebuild/{Uri.EscapeDataString("610300-320300.٢٠٢٤.g1")}")).ExpectProblemAsync(HttpStatusCode.NotFound, "jobId");

        var read = await admin.ReadAsync("visits", created.Id());
        Assert.Equal((1, null), (read.Version(), (string?)read["mergedInto"]));
    }

    public static TheoryData<string, string, JsonNode> RefusedTexts => new()
    {
        // The issue's findings: a subject "\u0001" (which made the XLSX fail) and a subject with a newline and an <img>.
        { "trainings", "subjects", new JsonArray("\u0001") },
        { "trainings", "subjects", new JsonArray("机械加工\n<img src=x onerror=alert(1)>") },
        { "staff-exchanges", "subject", "机械\u202E加工" },
        { "staff-exchanges", "displayName", "张老师\u2066" },
        { "staff-exchanges", "subject", "机械\t加工" },
        { "agreements", "title", "协议\r\n# 标题" },
        { "visits", "purpose", "商定\u0007计划" },
        // Resident IDs, as the issue sent them and as people write them.
        { "staff-exchanges", "personRef", "610327-19900101-123X" },
        { "staff-exchanges", "personRef", "610327900101123" },
        { "staff-exchanges", "displayName", "张老师６１０３２７１９９００１０１１２３Ｘ" },
        { "visits", "purpose", "带队：610327 1990 0101 123X" },
    };

    [Theory, MemberData(nameof(RefusedTexts))]
    public async Task Control_and_bidi_characters_and_resident_IDs_are_400_naming_the_field_and_store_nothing(string collection, string field, JsonNode value)
    {
        var kind = KindCase.All[collection];
        var body = kind.Body();
        body[field] = value.DeepClone();
        var logger = await _server.ActingFor(kind.Logger);
        var before = await CountAsync(collection, kind.Logger);

        await (await logger.PostJsonAsync($"/api/v1/{collection}", body)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(before, await CountAsync(collection, kind.Logger));
    }

    [Fact]
    public async Task A_multi_line_purpose_is_fine_and_a_correction_to_a_bidi_title_is_400_and_changes_nothing()
    {
        var visit = Bodies.Visit();
        visit["purpose"] = "商定年度计划：\n1. 互访\n2. 培训";
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", visit);
        Assert.Equal("商定年度计划：\n1. 互访\n2. 培训", (string?)created["purpose"]);

        var longxian = await _server.ActingFor(Bodies.Longxian);
        var agreement = await longxian.CreateAsync("agreements", Bodies.Agreement());
        await (await longxian.PatchJsonAsync($"/api/v1/agreements/{agreement.Id()}",
            new JsonObject { ["reason"] = "改标题", ["changes"] = new JsonObject { ["title"] = "协议\u202E" } }, "\"1\"")).ExpectProblemAsync(HttpStatusCode.BadRequest, "changes.title");
        await (await longxian.PatchJsonAsync($"/api/v1/agreements/{agreement.Id()}",
            new JsonObject { ["reason"] = "改\u0001标题", ["changes"] = new JsonObject { ["title"] = "新标题" } }, "\"1\"")).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");

        var read = await _server.Admin().ReadAsync("agreements", agreement.Id());
        Assert.Equal((1, "陇县—铜山区教育对口协作协议"), (read.Version(), (string?)read["title"]));
    }

    [Fact]
    public async Task A_dispute_reason_with_a_bidi_override_is_400_and_the_record_stays_logged()
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());
        var tongshan = await _server.ActingFor(Bodies.Tongshan);

        await (await tongshan.PostJsonAsync($"/api/v1/visits/{created.Id()}/dispute", new JsonObject { ["orgId"] = Bodies.Tongshan, ["reason"] = "人数\u202E有误" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");

        var read = await _server.Admin().ReadAsync("visits", created.Id());
        Assert.Equal(("logged", 1), (read.Status(), read.Version()));
    }

    [Fact]
    public async Task An_organisation_name_with_a_line_break_is_400_and_registers_nothing()
    {
        var admin = _server.Admin();
        var id = $"sx-610327-test-{Guid.NewGuid():N}"[..30];
        var put = await admin.PutAsync($"/api/v1/organizations/{id}", JsonContent(new JsonObject
        {
            ["name"] = "测试学校\n<img src=x>", ["kind"] = "school", ["parentId"] = Bodies.Longxian, ["province"] = "shaanxi",
        }));
        await put.ExpectProblemAsync(HttpStatusCode.BadRequest, "name");

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/organizations/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("%%%not-base64")]
    [InlineData("eHx5fHo=")]                 // base64 of "x|y|z"
    [InlineData("Li4vLi4vYWdyZWVtZW50cw==")] // base64 of "../../agreements"
    public async Task A_continuation_token_of_the_records_list_this_server_did_not_hand_out_is_400(string token)
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        await logger.CreateAsync("visits", Bodies.Visit());

        await (await logger.GetAsync($"/api/v1/visits?organizationId={Bodies.Longxian}&year=2024&continuationToken={Uri.EscapeDataString(token)}"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "continuationToken");

        // Paging with the tokens the server hands out still lists every record once.
        var onePerPage = await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024, pageSize: 1);
        var allAtOnce = await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024);
        Assert.Equal(allAtOnce.Select(r => r.Id()), onePerPage.Select(r => r.Id()));
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("MHww")]               // "0|0": no key part
    [InlineData("MHwwfCcpIG9yIDE9MQ")] // "0|0|') or 1=1"
    [InlineData("MHwwfGEB")]           // "0|0|a\u0001"
    [InlineData("OTk5OTk5OTk5OTk5fDB8")] // "999999999999|0|"
    [InlineData("NXwwfA")]             // "5|0|": no such source
    public async Task A_continuation_token_of_a_drill_down_this_server_did_not_hand_out_is_400(string token) =>
        await (await _server.Admin().GetAsync($"/api/v1/reports/2024/records?perspective=610300&figure=bureauVisits&continuationToken={token}"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "continuationToken");

    [Fact]
    public async Task A_JSON_body_over_64_KiB_is_413_naming_body_with_or_without_Content_Length_and_stores_nothing()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var before = await CountAsync("visits", Bodies.Longxian);
        var body = Bodies.Visit();
        body["padding"] = new string('x', 70 * 1024);
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());

        var sized = new ByteArrayContent(bytes);
        sized.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await (await logger.PostAsync("/api/v1/visits", sized)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");

        var chunked = new StreamContent(new MemoryStream(bytes));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await (await logger.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");

        Assert.Equal(before, await CountAsync("visits", Bodies.Longxian));
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
