using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Ledger;

/// <summary>The two-sided rules one side could game before, tried against the real server: refused, and nothing changed.</summary>
[Collection(LedgerCollection.Name)]
public sealed class TwoSidedRuleTests(AzuriteFixture azurite, SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "twosided");

    [Fact]
    public async Task The_counterpart_cannot_confirm_its_own_correction()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var counterpart = await _server.ActingFor(Bodies.Tongshan);
        var created = await logger.CreateAsync("visits", Bodies.Visit());
        var corrected = await (await counterpart.PatchJsonAsync($"/api/v1/visits/{created.Id()}",
            new JsonObject { ["reason"] = "人数更正", ["changes"] = new JsonObject { ["delegationSize"] = 500 } }, "\"1\"")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("shaanxi", (string?)corrected["awaiting"]);

        var refused = await counterpart.PostJsonAsync($"/api/v1/visits/{created.Id()}/confirmation", new JsonObject { ["orgId"] = Bodies.Tongshan });

        await refused.ExpectProblemAsync(HttpStatusCode.Forbidden, "orgId");
        var stored = await _server.Admin().ReadAsync("visits", created.Id());
        Assert.Equal(("logged", 2), (stored.Status(), stored.Version()));
        var confirmed = await (await logger.PostJsonAsync($"/api/v1/visits/{created.Id()}/confirmation", new JsonObject { ["orgId"] = Bodies.Longxian }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", confirmed.Status());
    }

    [Fact]
    public async Task A_disputed_record_stays_disputed_when_its_logger_corrects_it()
    {
        var logger = await _server.ActingFor(Bodies.Longxian);
        var counterpart = await _server.ActingFor(Bodies.Tongshan);
        var created = await logger.CreateAsync("visits", Bodies.Visit());
        await (await counterpart.PostJsonAsync($"/api/v1/visits/{created.Id()}/dispute",
            new JsonObject { ["orgId"] = Bodies.Tongshan, ["reason"] = "人数不符" })).ExpectAsync(HttpStatusCode.OK);

        var corrected = await (await logger.PatchJsonAsync($"/api/v1/visits/{created.Id()}",
            new JsonObject { ["reason"] = "补充", ["changes"] = new JsonObject { ["purpose"] = Bodies.Visit()["purpose"] + "。" } }, "\"2\"")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("disputed", false), (corrected.Status(), (bool)corrected["counts"]!));
        Assert.Equal("人数不符", (string?)corrected["disputeReason"]);
        await (await logger.PostJsonAsync($"/api/v1/visits/{created.Id()}/confirmation", new JsonObject { ["orgId"] = Bodies.Longxian }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "orgId");
        var confirmed = await (await counterpart.PostJsonAsync($"/api/v1/visits/{created.Id()}/confirmation", new JsonObject { ["orgId"] = Bodies.Tongshan }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("confirmed", true), (confirmed.Status(), (bool)confirmed["counts"]!));
    }

    [Fact]
    public async Task Changing_a_signed_agreements_kind_clears_its_signatures()
    {
        var longxian = await _server.ActingFor(Bodies.Longxian);
        var tongshan = await _server.ActingFor(Bodies.Tongshan);
        var created = await longxian.CreateAsync("agreements", Bodies.Agreement());
        foreach (var (client, org) in new[] { (longxian, Bodies.Longxian), (tongshan, Bodies.Tongshan) })
        {
            await (await client.PostJsonAsync($"/api/v1/agreements/{created.Id()}/signatures", new JsonObject { ["orgId"] = org, ["signedOn"] = "2024-04-16" }))
                .ExpectAsync(HttpStatusCode.OK);
        }

        var changed = await (await longxian.PatchJsonAsync($"/api/v1/agreements/{created.Id()}",
            new JsonObject { ["reason"] = "改为共建", ["changes"] = new JsonObject { ["kind"] = "co-construction" } }, "\"3\"")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("logged", 0), (changed.Status(), changed["signatures"]!.AsArray().Count));
        Assert.Null(changed["signedOn"]);
    }
}
