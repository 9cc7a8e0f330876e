using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>Each record kind: create, read, list by organisation and year, confirm, dispute, correct, withdraw.</summary>
[Collection(LedgerCollection.Name)]
public sealed class RecordLifecycleTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "lifecycle");

    [Theory, MemberData(nameof(KindCase.Collections), MemberType = typeof(KindCase))]
    public async Task Created_with_201_and_an_ETag_then_read_by_both_sides(string collection)
    {
        var kind = KindCase.All[collection];
        var logger = await _server.ActingFor(kind.Logger);

        var response = await logger.PostJsonAsync($"/api/v1/{collection}", kind.Body());
        var created = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        // Location names the record's own resource, the one GET reads below.
        Assert.Equal($"/api/v1/{collection}/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(collection, (string?)created["collection"]);
        Assert.Equal("logged", created.Status());
        Assert.Equal(1, created.Version());
        Assert.Equal(kind.Logger, (string?)created["loggedBy"]);
        Assert.True(DateTimeOffset.UtcNow - (DateTimeOffset)created["loggedAt"]! < TimeSpan.FromMinutes(1));
        var entry = Assert.Single(created.History());
        Assert.Equal("created", (string?)entry["action"]);
        Assert.Equal(kind.Logger, (string?)entry["by"]);
        foreach (var (field, value) in kind.Body())
        {
            Assert.True(JsonNode.DeepEquals(value, created[field]), $"{field}: sent {value?.ToJsonString()}, got {created[field]?.ToJsonString()}");
        }

        var counterpart = await _server.ActingFor(kind.Counterpart);
        foreach (var reader in new[] { logger, counterpart, _server.Admin() })
        {
            var read = await reader.GetAsync(response.Headers.Location);
            var record = await read.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
            Assert.True(JsonNode.DeepEquals(created, record), $"read {record.ToJsonString()}\ncreated {created.ToJsonString()}");
        }
    }

    [Theory, MemberData(nameof(KindCase.Collections), MemberType = typeof(KindCase))]
    public async Task Listed_by_organisation_and_year_under_both_parties_and_the_bureaus_above(string collection)
    {
        var kind = KindCase.All[collection];
        var logger = await _server.ActingFor(kind.Logger);
        var created = await logger.CreateAsync(collection, kind.Body());

        foreach (var organization in kind.ListedUnder)
        {
            foreach (var year in kind.Years)
            {
                var listed = await _server.Admin().ListAllAsync(collection, organization, year);
                Assert.True(listed.Count(r => r.Id() == created.Id()) == 1, $"{created.Id()} is not listed once under {organization} {year}");
            }
        }

        Assert.DoesNotContain(await _server.Admin().ListAllAsync(collection, kind.ListedUnder[0], kind.Years[0] - 1), r => r.Id() == created.Id());
        Assert.DoesNotContain(await _server.Admin().ListAllAsync(collection, Bodies.Xinyi, kind.Years[0]), r => r.Id() == created.Id());
        // Without organizationId a token lists its own organisation's records.
        var page = await (await logger.GetAsync($"/api/v1/{collection}?year={kind.Years[0]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(page["items"]!.AsArray(), r => (string?)r!["id"] == created.Id());
    }

    [Theory, MemberData(nameof(KindCase.Collections), MemberType = typeof(KindCase))]
    public async Task The_counterpart_confirms(string collection)
    {
        var kind = KindCase.All[collection];
        var created = await (await _server.ActingFor(kind.Logger)).CreateAsync(collection, kind.Body());
        var counterpart = await _server.ActingFor(kind.Counterpart);

        var response = await counterpart.PostJsonAsync($"/api/v1/{collection}/{created.Id()}/confirmation", new JsonObject { ["orgId"] = kind.Counterpart });
        var confirmed = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal("confirmed", confirmed.Status());
        var entry = confirmed.History()[^1];
        Assert.Equal(("confirmed", kind.Counterpart, 2), ((string)entry["action"]!, (string)entry["by"]!, (int)entry["version"]!));
        Assert.Equal("confirmed", (await _server.Admin().ReadAsync(collection, created.Id())).Status());
        Assert.Contains(await _server.Admin().ListAllAsync(collection, kind.Logger, kind.Years[0], status: "confirmed"), r => r.Id() == created.Id());
        Assert.DoesNotContain(await _server.Admin().ListAllAsync(collection, kind.Logger, kind.Years[0], status: "logged"), r => r.Id() == created.Id());
    }

    [Theory, MemberData(nameof(KindCase.Collections), MemberType = typeof(KindCase))]
    public async Task The_counterpart_disputes_with_a_reason(string collection)
    {
        var kind = KindCase.All[collection];
        var created = await (await _server.ActingFor(kind.Logger)).CreateAsync(collection, kind.Body());
        var counterpart = await _server.ActingFor(kind.Counterpart);
        const string reason = "日期与我方记录不符";

        var disputed = await (await counterpart.PostJsonAsync($"/api/v1/{collection}/{created.Id()}/dispute",
            new JsonObject { ["orgId"] = kind.Counterpart, ["reason"] = reason })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("disputed", disputed.Status());
        Assert.Equal(reason, (string?)disputed["disputeReason"]);
        Assert.False((bool)disputed["counts"]!);
        var entry = disputed.History()[^1];
        Assert.Equal(("disputed", kind.Counterpart, reason), ((string)entry["action"]!, (string)entry["by"]!, (string)entry["reason"]!));
        var read = await _server.Admin().ReadAsync(collection, created.Id());
        Assert.Equal(("disputed", 2), (read.Status(), read.Version()));
    }

    [Theory, MemberData(nameof(KindCase.Collections), MemberType = typeof(KindCase))]
    public async Task A_correction_keeps_history_and_sends_a_confirmed_record_back_to_logged(string collection)
    {
        var kind = KindCase.All[collection];
        var logger = await _server.ActingFor(kind.Logger);
        var created = await logger.CreateAsync(collection, kind.Body());
        await (await (await _server.ActingFor(kind.Counterpart)).PostJsonAsync($"/api/v1/{collection}/{created.Id()}/confirmation",
            new JsonObject { ["orgId"] = kind.Counterpart })).ExpectAsync(HttpStatusCode.OK);
        const string reason = "按对方意见更正";
        var before = DateTimeOffset.UtcNow;

        var response = await logger.PatchJsonAsync($"/api/v1/{collection}/{created.Id()}",
            new JsonObject { ["reason"] = reason, ["changes"] = new JsonObject { [kind.Field] = kind.NewValue.DeepClone() } }, ifMatch: "\"2\"");
        var corrected = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);
        Assert.Equal("logged", corrected.Status());
        Assert.Equal(3, corrected.Version());
        Assert.True(JsonNode.DeepEquals(kind.NewValue, corrected[kind.Field]));
        var history = corrected.History();
        Assert.Equal(["created", "confirmed", "corrected"], history.Select(h => (string)h["action"]!));
        var entry = history[^1];
        Assert.Equal(kind.Logger, (string?)entry["by"]);
        Assert.Equal(reason, (string?)entry["reason"]);
        Assert.InRange((DateTimeOffset)entry["at"]!, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        var change = Assert.Single(entry["changes"]!.AsArray())!;
        Assert.Equal(kind.Field, (string?)change["field"]);
        Assert.True(JsonNode.DeepEquals(kind.Body()[kind.Field], JsonNode.Parse((string)change["from"]!)));
        Assert.True(JsonNode.DeepEquals(kind.NewValue, JsonNode.Parse((string)change["to"]!)));

        // Another correction from the version before is refused, and changes nothing.
        await (await logger.PatchJsonAsync($"/api/v1/{collection}/{created.Id()}",
            new JsonObject { ["reason"] = "过时的更正", ["changes"] = new JsonObject { [kind.Field] = kind.Body()[kind.Field]!.DeepClone() } }, ifMatch: "\"2\""))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "If-Match");
        var read = await _server.Admin().ReadAsync(collection, created.Id());
        Assert.True(JsonNode.DeepEquals(corrected, read));
        // The confirmation is asked for again, and can be given.
        var reconfirmed = await (await (await _server.ActingFor(kind.Counterpart)).PostJsonAsync($"/api/v1/{collection}/{created.Id()}/confirmation",
            new JsonObject { ["orgId"] = kind.Counterpart })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("confirmed", 4), (reconfirmed.Status(), reconfirmed.Version()));
    }

    [Theory, MemberData(nameof(KindCase.Collections), MemberType = typeof(KindCase))]
    public async Task A_withdrawn_record_stays_readable_and_counts_nowhere(string collection)
    {
        var kind = KindCase.All[collection];
        var logger = await _server.ActingFor(kind.Logger);
        var created = await logger.CreateAsync(collection, kind.Body());

        var withdrawn = await (await logger.PostJsonAsync($"/api/v1/{collection}/{created.Id()}/withdrawal",
            new JsonObject { ["reason"] = "重复登记" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("withdrawn", withdrawn.Status());
        Assert.False((bool)withdrawn["counts"]!);
        Assert.Equal(("withdrawn", "重复登记"), ((string)withdrawn.History()[^1]["action"]!, (string)withdrawn.History()[^1]["reason"]!));
        var read = await (await _server.ActingFor(kind.Counterpart)).ReadAsync(collection, created.Id());
        Assert.Equal(("withdrawn", 2), (read.Status(), read.Version()));
        Assert.Contains(await _server.Admin().ListAllAsync(collection, kind.Logger, kind.Years[0], status: "withdrawn"), r => r.Id() == created.Id());
        Assert.DoesNotContain(await _server.Admin().ListAllAsync(collection, kind.Logger, kind.Years[0], status: "logged"), r => r.Id() == created.Id());
        // A withdrawn record is not confirmed any more.
        await (await (await _server.ActingFor(kind.Counterpart)).PostJsonAsync($"/api/v1/{collection}/{created.Id()}/confirmation",
            new JsonObject { ["orgId"] = kind.Counterpart })).ExpectProblemAsync(HttpStatusCode.Conflict, "status");
    }

    [Fact]
    public async Task Listing_shows_only_the_records_of_this_service()
    {
        var created = await (await _server.ActingFor(Bodies.Longxian)).CreateAsync("visits", Bodies.Visit());

        // Another deployment (service id) on the same storage account has records of its own, not these.
        await using var other = new ServerFactory(azurite, SharedServer.NewServiceId("lifecycle-other"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.Admin().GetAsync($"/api/v1/visits/{created.Id()}")).StatusCode);
        Assert.DoesNotContain(await other.Admin().ListAllAsync("visits", Bodies.Longxian, 2024), r => r.Id() == created.Id());
        Assert.Contains(await _server.Admin().ListAllAsync("visits", Bodies.Longxian, 2024), r => r.Id() == created.Id());
    }
}
