using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>Every rule: a request that breaks it is refused with the right status, naming the field, and nothing changes.</summary>
[Collection(LedgerCollection.Name)]
public sealed class RuleTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "rules");

    /// <summary>A creating request that breaks one rule: the body, who sends it, and the answer.</summary>
    public sealed record CreateCase(string Collection, string Token, Action<JsonObject> Break, HttpStatusCode Status, string Field);

    private static readonly string LongText = new('长', 201);

    private static readonly Dictionary<string, CreateCase> CreateCases = new(StringComparer.Ordinal)
    {
        // Registry rules.
        ["both parties in Shaanxi"] = new("visits", Bodies.Longxian, b => b["toOrgId"] = Bodies.Qianyang, HttpStatusCode.UnprocessableEntity, "toOrgId"),
        ["both parties in Jiangsu"] = new("trainings", Bodies.Tongshan, b => b["recipientOrgId"] = Bodies.Xinan, HttpStatusCode.UnprocessableEntity, "recipientOrgId"),
        ["unknown party"] = new("visits", Bodies.Longxian, b => b["toOrgId"] = "320399", HttpStatusCode.UnprocessableEntity, "toOrgId"),
        ["unknown agreement party"] = new("agreements", Bodies.Longxian, b => b["partyIds"] = new JsonArray(Bodies.Longxian, "js-nowhere"), HttpStatusCode.UnprocessableEntity, "partyIds[1]"),
        ["school-level visit between bureaus"] = new("visits", Bodies.Longxian, b => b["level"] = "school", HttpStatusCode.UnprocessableEntity, "level"),
        ["bureau-level visit between schools"] = new("visits", Bodies.Qiwen, b => (b["fromOrgId"], b["toOrgId"]) = (Bodies.Qiwen, Bodies.Xinan), HttpStatusCode.UnprocessableEntity, "level"),
        // Who may act for whom.
        ["school token of another county"] = new("staff-exchanges", Bodies.Qiwen, _ => { }, HttpStatusCode.Forbidden, "loggedBy"),
        ["school token logging for another school"] = new("staff-exchanges", Bodies.Qiwen, b => b["loggedBy"] = Bodies.LongxianVocational, HttpStatusCode.Forbidden, "loggedBy"),
        ["county token for another county's school"] = new("staff-exchanges", Bodies.Qianyang, _ => { }, HttpStatusCode.Forbidden, "loggedBy"),
        ["school token for its own county bureau"] = new("visits", Bodies.LongxianVocational, b => b["loggedBy"] = Bodies.Longxian, HttpStatusCode.Forbidden, "loggedBy"),
        // Dates.
        ["end before start"] = new("visits", Bodies.Longxian, b => b["endDate"] = "2024-04-08", HttpStatusCode.BadRequest, "endDate"),
        ["staff placement ending before it starts"] = new("staff-exchanges", Bodies.LongxianVocational, b => b["endDate"] = "2024-08-31", HttpStatusCode.BadRequest, "endDate"),
        ["validUntil before validFrom"] = new("agreements", Bodies.Longxian, b => b["validUntil"] = "2024-04-15", HttpStatusCode.BadRequest, "validUntil"),
        ["30 February"] = new("visits", Bodies.Longxian, b => b["startDate"] = "2024-02-30", HttpStatusCode.BadRequest, "startDate"),
        ["not a date"] = new("trainings", Bodies.Tongshan, b => b["endDate"] = "next week", HttpStatusCode.BadRequest, "endDate"),
        ["date before 2000"] = new("visits", Bodies.Longxian, b => b["startDate"] = "1999-12-31", HttpStatusCode.BadRequest, "startDate"),
        ["missing start date"] = new("visits", Bodies.Longxian, b => b.Remove("startDate"), HttpStatusCode.BadRequest, "startDate"),
        // Counts.
        ["empty delegation"] = new("visits", Bodies.Longxian, b => b["delegationSize"] = 0, HttpStatusCode.BadRequest, "delegationSize"),
        ["delegation over the limit"] = new("visits", Bodies.Longxian, b => b["delegationSize"] = 501, HttpStatusCode.BadRequest, "delegationSize"),
        ["fractional delegation"] = new("visits", Bodies.Longxian, b => b["delegationSize"] = 2.5, HttpStatusCode.BadRequest, "delegationSize"),
        ["no sessions"] = new("trainings", Bodies.Tongshan, b => b["sessions"] = 0, HttpStatusCode.BadRequest, "sessions"),
        ["negative trainees"] = new("trainings", Bodies.Tongshan, b => b["trainees"] = -3, HttpStatusCode.BadRequest, "trainees"),
        ["trainees over the limit"] = new("trainings", Bodies.Tongshan, b => b["trainees"] = 100_001, HttpStatusCode.BadRequest, "trainees"),
        ["negative equipment value"] = new("trainings", Bodies.Tongshan, b => (b["kind"], b["equipmentValueYuan"]) = ("equipment", -1), HttpStatusCode.BadRequest, "equipmentValueYuan"),
        ["equipment without a value"] = new("trainings", Bodies.Tongshan, b => b["kind"] = "equipment", HttpStatusCode.BadRequest, "equipmentValueYuan"),
        ["onsite online research"] = new("trainings", Bodies.Tongshan, b => b["kind"] = "online-research", HttpStatusCode.BadRequest, "mode"),
        // Enums.
        ["unknown visit level"] = new("visits", Bodies.Longxian, b => b["level"] = "ministry", HttpStatusCode.BadRequest, "level"),
        ["visit level as a number"] = new("visits", Bodies.Longxian, b => b["level"] = 1, HttpStatusCode.BadRequest, "level"),
        ["unknown staff role"] = new("staff-exchanges", Bodies.LongxianVocational, b => b["role"] = "principal", HttpStatusCode.BadRequest, "role"),
        ["unknown training kind"] = new("trainings", Bodies.Tongshan, b => b["kind"] = "sports", HttpStatusCode.BadRequest, "kind"),
        ["unknown training mode"] = new("trainings", Bodies.Tongshan, b => b["mode"] = "hybrid", HttpStatusCode.BadRequest, "mode"),
        ["unknown agreement kind"] = new("agreements", Bodies.Longxian, b => b["kind"] = "friendship", HttpStatusCode.BadRequest, "kind"),
        ["enum in another case"] = new("visits", Bodies.Longxian, b => b["level"] = "Bureau", HttpStatusCode.BadRequest, "level"),
        // Strings.
        ["purpose too long"] = new("visits", Bodies.Longxian, b => b["purpose"] = LongText, HttpStatusCode.BadRequest, "purpose"),
        ["no purpose"] = new("visits", Bodies.Longxian, b => b["purpose"] = "  ", HttpStatusCode.BadRequest, "purpose"),
        ["display name too long"] = new("staff-exchanges", Bodies.LongxianVocational, b => b["displayName"] = new string('张', 51), HttpStatusCode.BadRequest, "displayName"),
        ["subject too long"] = new("staff-exchanges", Bodies.LongxianVocational, b => b["subject"] = new string('课', 51), HttpStatusCode.BadRequest, "subject"),
        ["title too long"] = new("agreements", Bodies.Longxian, b => b["title"] = LongText, HttpStatusCode.BadRequest, "title"),
        ["training subject too long"] = new("trainings", Bodies.Tongshan, b => b["subjects"] = new JsonArray(new string('课', 31)), HttpStatusCode.BadRequest, "subjects"),
        ["personRef too long"] = new("staff-exchanges", Bodies.LongxianVocational, b => b["personRef"] = new string('T', 41), HttpStatusCode.BadRequest, "personRef"),
        ["three agreement parties"] = new("agreements", Bodies.Longxian, b => b["partyIds"] = new JsonArray(Bodies.Longxian, Bodies.Tongshan, Bodies.Xinyi), HttpStatusCode.BadRequest, "partyIds"),
        // Resident ID numbers never stored in clear.
        ["personRef is a resident ID"] = new("staff-exchanges", Bodies.LongxianVocational, b => b["personRef"] = "11010119900307123X", HttpStatusCode.BadRequest, "personRef"),
        ["personRef is a resident ID ending in a digit"] = new("staff-exchanges", Bodies.LongxianVocational, b => b["personRef"] = "610327198805124417", HttpStatusCode.BadRequest, "personRef"),
        ["personRef hides a resident ID"] = new("staff-exchanges", Bodies.LongxianVocational, b => b["personRef"] = "T-11010119900307123x", HttpStatusCode.BadRequest, "personRef"),
        ["display name holds a resident ID"] = new("staff-exchanges", Bodies.LongxianVocational, b => b["displayName"] = "张老师11010119900307123X", HttpStatusCode.BadRequest, "displayName"),
    };

    public static TheoryData<string> CreateCaseNames => [.. CreateCases.Keys];

    [Theory, MemberData(nameof(CreateCaseNames))]
    public async Task A_creating_request_that_breaks_a_rule_is_refused_and_stores_nothing(string name)
    {
        var rule = CreateCases[name];
        var body = KindCase.All[rule.Collection].Body();
        rule.Break(body);
        var before = await SnapshotAsync(rule.Collection);

        var response = await (await _server.ActingFor(rule.Token)).PostJsonAsync($"/api/v1/{rule.Collection}", body, $"key-{Guid.NewGuid():N}");

        await response.ExpectProblemAsync(rule.Status, rule.Field);
        Assert.Equal(before, await SnapshotAsync(rule.Collection));
    }

    [Fact]
    public async Task The_unbroken_bodies_of_the_rule_cases_are_accepted()
    {
        // So that each case above is refused for the rule it breaks, not for something else.
        foreach (var rule in CreateCases.Values.Where(c => c.Token == KindCase.All[c.Collection].Logger).DistinctBy(c => c.Collection))
        {
            await (await _server.ActingFor(rule.Token)).CreateAsync(rule.Collection, KindCase.All[rule.Collection].Body());
        }
    }

    [Fact]
    public async Task Only_the_counterpart_confirms_or_disputes()
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());
        var url = $"/api/v1/visits/{created.Id()}";
        var attempts = new (string Token, string OrgId, HttpStatusCode Status, string Field)[]
        {
            (Bodies.Longxian, Bodies.Longxian, HttpStatusCode.Forbidden, "orgId"),     // the logging side itself
            ("610300", Bodies.Longxian, HttpStatusCode.Forbidden, "orgId"),            // the city above the logging side
            (Bodies.Tongshan, Bodies.Longxian, HttpStatusCode.Forbidden, "orgId"),     // the counterpart answering for the logger
            (Bodies.Longxian, Bodies.Tongshan, HttpStatusCode.Forbidden, "orgId"),     // the logger answering for the counterpart
            (Bodies.Xinyi, Bodies.Xinyi, HttpStatusCode.Forbidden, "id"),              // not a party at all
            (ServerFactory.AdminToken, Bodies.Longxian, HttpStatusCode.Forbidden, "orgId"),
        };

        foreach (var (token, orgId, status, field) in attempts)
        {
            var client = token == ServerFactory.AdminToken ? _server.Admin() : await _server.ActingFor(token);
            await (await client.PostJsonAsync($"{url}/confirmation", new JsonObject { ["orgId"] = orgId })).ExpectProblemAsync(status, field);
            await (await client.PostJsonAsync($"{url}/dispute", new JsonObject { ["orgId"] = orgId, ["reason"] = "不属实" })).ExpectProblemAsync(status, field);
        }

        await AssertUnchangedAsync("visits", created);
    }

    [Fact]
    public async Task A_dispute_needs_a_reason()
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());
        var tongshan = await _server.ActingFor(Bodies.Tongshan);

        await (await tongshan.PostJsonAsync($"/api/v1/visits/{created.Id()}/dispute", new JsonObject { ["orgId"] = Bodies.Tongshan }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await tongshan.PostJsonAsync($"/api/v1/visits/{created.Id()}/dispute", new JsonObject { ["orgId"] = Bodies.Tongshan, ["reason"] = new string('因', 501) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");

        await AssertUnchangedAsync("visits", created);
    }

    [Fact]
    public async Task A_correction_without_If_Match_is_428_and_with_a_stale_one_412()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var created = await logger.CreateAsync("visits", Bodies.Visit());
        var url = $"/api/v1/visits/{created.Id()}";
        var correction = new JsonObject { ["reason"] = "人数更正", ["changes"] = new JsonObject { ["delegationSize"] = 6 } };

        await (await logger.PatchJsonAsync(url, correction, ifMatch: null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "If-Match");
        await (await logger.PatchJsonAsync(url, correction, ifMatch: "\"0\"")).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "If-Match");
        await (await logger.PatchJsonAsync(url, correction, ifMatch: "\"2\"")).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "If-Match");
        await (await logger.PatchJsonAsync(url, correction, ifMatch: "\"v1\"")).ExpectProblemAsync(HttpStatusCode.BadRequest, "If-Match");

        await AssertUnchangedAsync("visits", created);
    }

    public static TheoryData<string, string, string, int, string> BadCorrections => new()
    {
        // name, token, changes (JSON), status, field
        { "no reason", Bodies.Longxian, """{"delegationSize":6}""", 400, "reason" },
        { "no changes", Bodies.Longxian, "{}", 400, "changes" },
        { "a field the kind does not have", Bodies.Longxian, """{"sessions":6}""", 400, "changes.sessions" },
        { "end before start", Bodies.Longxian, """{"endDate":"2024-04-01"}""", 400, "changes.endDate" },
        { "30 February", Bodies.Longxian, """{"startDate":"2024-02-30"}""", 400, "changes.startDate" },
        { "count out of bounds", Bodies.Longxian, """{"delegationSize":0}""", 400, "changes.delegationSize" },
        { "unknown enum", Bodies.Longxian, """{"level":"ministry"}""", 400, "changes.level" },
        { "over-long string", Bodies.Longxian, $$"""{"purpose":"{{LongText}}"}""", 400, "changes.purpose" },
        { "both parties in Shaanxi", Bodies.Longxian, $$"""{"toOrgId":"{{Bodies.Qianyang}}"}""", 422, "changes.toOrgId" },
        { "unknown party", Bodies.Longxian, """{"toOrgId":"320399"}""", 422, "changes.toOrgId" },
        { "not a party", Bodies.Xinyi, """{"delegationSize":6}""", 403, "id" },
        { "moving the record away from the caller", Bodies.Tongshan, $$"""{"toOrgId":"{{Bodies.Xinyi}}"}""", 403, "changes" },
    };

    [Theory, MemberData(nameof(BadCorrections))]
    public async Task A_correction_that_breaks_a_rule_is_refused_and_changes_nothing(string name, string token, string changes, int status, string field)
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());
        var correction = new JsonObject { ["changes"] = JsonNode.Parse(changes) };
        if (name != "no reason")
        {
            correction["reason"] = "更正";
        }

        var response = await (await _server.ActingFor(token)).PatchJsonAsync($"/api/v1/visits/{created.Id()}", correction, "\"1\"");

        await response.ExpectProblemAsync((HttpStatusCode)status, field);
        await AssertUnchangedAsync("visits", created);
    }

    [Fact]
    public async Task A_correction_may_not_put_a_resident_ID_in_personRef()
    {
        var logger = await _server.ActingFor(Bodies.LongxianVocational);
        var created = await logger.CreateAsync("staff-exchanges", Bodies.StaffExchange());

        await (await logger.PatchJsonAsync($"/api/v1/staff-exchanges/{created.Id()}",
            new JsonObject { ["reason"] = "更正", ["changes"] = new JsonObject { ["personRef"] = "11010119900307123X" } }, "\"1\""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "changes.personRef");

        await AssertUnchangedAsync("staff-exchanges", created);
    }

    [Fact]
    public async Task Only_the_logging_side_withdraws_and_a_withdrawal_needs_a_reason()
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());
        var url = $"/api/v1/visits/{created.Id()}/withdrawal";

        await (await (await _server.ActingFor(Bodies.Tongshan)).PostJsonAsync(url, new JsonObject { ["reason"] = "不是我们登记的" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "id");
        await (await (await _server.ActingFor(Bodies.Qianyang)).PostJsonAsync(url, new JsonObject { ["reason"] = "不是我们登记的" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "id");
        await (await (await _server.ActingFor(Bodies.Longxian)).PostJsonAsync(url, new JsonObject()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");

        await AssertUnchangedAsync("visits", created);
    }

    [Fact]
    public async Task Reusing_an_Idempotency_Key_with_another_body_is_422_and_changes_nothing()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var key = $"key-{Guid.NewGuid():N}";
        var created = await logger.CreateAsync("visits", Bodies.Visit(), key);
        var before = await SnapshotAsync("visits");
        var other = Bodies.Visit();
        other["purpose"] = "另一次来访";

        await (await logger.PostJsonAsync("/api/v1/visits", other, key)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");

        Assert.Equal(before, await SnapshotAsync("visits"));
        await AssertUnchangedAsync("visits", created);
    }

    [Fact]
    public async Task Reading_or_listing_for_another_organisation_is_403()
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());
        var xinyi = await _server.ActingFor(Bodies.Xinyi);

        await (await xinyi.GetAsync($"/api/v1/visits/{created.Id()}")).ExpectProblemAsync(HttpStatusCode.Forbidden, "id");
        await (await xinyi.GetAsync($"/api/v1/visits?organizationId={Bodies.Longxian}&year=2024")).ExpectProblemAsync(HttpStatusCode.Forbidden, "organizationId");
        await (await xinyi.GetAsync("/api/v1/visits?year=1999")).ExpectProblemAsync(HttpStatusCode.BadRequest, "year");
        await (await xinyi.GetAsync("/api/v1/visits?pageSize=1001")).ExpectProblemAsync(HttpStatusCode.BadRequest, "pageSize");
        await (await xinyi.GetAsync("/api/v1/visits?status=approved")).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
    }

    /// <summary>What both cities list for the collection in 2024 and 2025: ids with versions.</summary>
    private async Task<string> SnapshotAsync(string collection)
    {
        var lines = new List<string>();
        foreach (var city in new[] { "610300", "320300" })
        {
            foreach (var year in new[] { 2024, 2025 })
            {
                var records = await _server.Admin().ListAllAsync(collection, city, year);
                lines.AddRange(records.Select(r => $"{city} {year} {r.Id()} v{r.Version()} {r.Status()}").Order(StringComparer.Ordinal));
            }
        }

        return string.Join('\n', lines);
    }

    private async Task AssertUnchangedAsync(string collection, JsonObject created)
    {
        var read = await _server.Admin().ReadAsync(collection, created.Id());
        Assert.True(JsonNode.DeepEquals(created, read), $"The record changed:\n{created.ToJsonString()}\n{read.ToJsonString()}");
    }
}
