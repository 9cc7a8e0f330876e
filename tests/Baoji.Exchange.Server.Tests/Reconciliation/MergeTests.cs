using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Figures;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;

namespace Baoji.Exchange.Server.Tests.Reconciliation;

/// <summary>Merges pair probable duplicates only, and two opposite merges made at once leave the event counted once.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MergeTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "merges");

    [Fact]
    public async Task Two_opposite_merges_at_once_leave_exactly_one_record_counted()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var tongshan = await _server.ActingFor(Bodies.Tongshan);
        for (var round = 0; round < 5; round++)
        {
            var ours = (string)(await LedgerHttp.CreateAsync(longxian, "visits", Bodies.Visit()))["id"]!;
            var theirs = (string)(await LedgerHttp.CreateAsync(tongshan, "visits", Bodies.Visit()))["id"]!;

            var answers = await Task.WhenAll(
                longxian.PostJsonAsync("/api/v1/reconciliation/merges", new JsonObject { ["keepId"] = ours, ["duplicateId"] = theirs }),
                tongshan.PostJsonAsync("/api/v1/reconciliation/merges", new JsonObject { ["keepId"] = theirs, ["duplicateId"] = ours }));

            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            var merged = answers.Single(a => a.StatusCode == HttpStatusCode.Created);
            var merge = await merged.ExpectAsync(HttpStatusCode.Created);
            Assert.Equal($"/api/v1/reconciliation/merges/{merge["id"]}", merged.Headers.Location?.OriginalString);
            await (await _server.Admin().GetAsync(merged.Headers.Location)).ExpectAsync(HttpStatusCode.OK);
            var pair = new[] { await LedgerHttp.ReadAsync(_server.Admin(), "visits", ours), await LedgerHttp.ReadAsync(_server.Admin(), "visits", theirs) };
            Assert.Single(pair, r => (bool)r["counts"]!);
        }

        var audit = await _server.Admin().AuditAsync(2024, "610300");
        Assert.True((bool)audit["equal"]!, audit.Describe());
    }

    [Fact]
    public async Task A_visit_of_another_year_is_no_duplicate_and_is_not_merged()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var tongshan = await _server.ActingFor(Bodies.Tongshan);
        var visit2024 = (string)(await LedgerHttp.CreateAsync(longxian, "visits", Bodies.Visit()))["id"]!;
        var other = Bodies.Visit();
        other["startDate"] = "2023-04-09";
        other["endDate"] = "2023-04-11";
        var visit2023 = (string)(await LedgerHttp.CreateAsync(tongshan, "visits", other))["id"]!;

        var refused = await longxian.PostJsonAsync("/api/v1/reconciliation/merges", new JsonObject { ["keepId"] = visit2024, ["duplicateId"] = visit2023 });

        await refused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "duplicateId");
        var unchanged = await LedgerHttp.ReadAsync(_server.Admin(), "visits", visit2023);
        Assert.Equal((1, true), ((int)unchanged["version"]!, (bool)unchanged["counts"]!));
    }
}
