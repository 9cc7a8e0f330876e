using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Figures;

/// <summary>
/// The audit reads the records' stored state, not what their projection wrote: a projection skipped while the record
/// believes it done (the ProjectionSuppress failpoint) shows as differences naming that record, in the figures, the
/// index and the agreement register; a rebuild then makes the audit equal. Each test has years of its own (2031–2032, 2019:
/// an agreement is signed on a day already past).
/// </summary>
[Collection(FiguresCollection.Name)]
public sealed class AuditTruthTests : IClassFixture<FailpointServer>, IDisposable
{
    private readonly ServerFactory _server;
    private readonly Failpoints _failpoints;

    public AuditTruthTests(AzuriteFixture azurite, FailpointServer shared)
    {
        _server = shared.Get(azurite, "truth");
        _failpoints = _server.Failpoints();
        _failpoints.Reset();
    }

    private HttpClient Admin => _server.Admin();

    public void Dispose() => _failpoints.Reset();

    [Fact]
    public async Task A_withdrawal_and_a_correction_whose_projections_were_lost_are_found_and_a_rebuild_mends_them()
    {
        var withdrawn = await Admin.CreateAsync("visits", CountingRuleTests.Visit("610324", "320382", "bureau", "2031-04-01"));
        var moved = await Admin.CreateAsync("visits", CountingRuleTests.Visit("610327", "320312", "bureau", "2031-05-01"));
        await Admin.CreateAsync("visits", CountingRuleTests.Visit("610328", "320381", "bureau", "2031-06-01"));
        await AssertEqualAsync(2031, 2032);

        _failpoints.Arm(FailpointNames.ProjectionSuppress, FailpointAction.Suppress, 2);
        await Admin.PostAsync($"/api/v1/visits/{withdrawn.Id()}/withdrawal", new JsonObject { ["reason"] = "logged by mistake" });
        await (await Admin.SendAsync(FiguresHttp.Patch($"/api/v1/visits/{moved.Id()}",
            new JsonObject { ["reason"] = "wrong year", ["changes"] = new JsonObject { ["startDate"] = "2032-05-01", ["endDate"] = "2032-05-03" } },
            moved.Version()))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, _failpoints.Fired[FailpointNames.ProjectionSuppress]);

        // The records say so; what was projected from them does not.
        Assert.Equal("withdrawn", (string?)(await Admin.GetJsonAsync($"/api/v1/visits/{withdrawn.Id()}"))["status"]);
        Assert.Equal(3, (int)(await Admin.ReportAsync(2031, Orgs.Baoji))["bureauVisits"]!);

        var audit = await Admin.AuditAsync(2031, Orgs.Baoji);
        Assert.False((bool)audit["equal"]!, audit.Describe());
        Assert.Contains(audit["differences"]!.AsArray(), d => (string?)d!["kind"] == "figure" && (string?)d["figure"] == "visits.bureau"
            && (string?)d["scope"] == "all" && (decimal)d["maintained"]! == 3 && (decimal)d["recomputed"]! == 1);
        foreach (var id in new[] { withdrawn.Id(), moved.Id() })
        {
            Assert.NotEmpty(audit.DifferencesOf("figure", id));
            Assert.NotEmpty(audit.DifferencesOf("index", id));
        }

        // The year the correction moved the visit to lacks it.
        var next = await Admin.AuditAsync(2032, Orgs.Xuzhou);
        Assert.NotEmpty(next.DifferencesOf("figure", moved.Id()));
        Assert.NotEmpty(next.DifferencesOf("index", moved.Id()));

        var job = await Admin.RebuildAsync(2031, Orgs.Baoji);
        Assert.True((bool)job["audit"]!["equal"]!, job.ToJsonString());
        await Admin.RebuildAsync(2032, Orgs.Baoji);

        await AssertEqualAsync(2031, 2032);
        Assert.Equal(1, (int)(await Admin.ReportAsync(2031, Orgs.Baoji))["bureauVisits"]!);
        Assert.Equal(1, (int)(await Admin.ReportAsync(2032, Orgs.Xuzhou))["bureauVisits"]!);
        Assert.Equal([moved.Id()], (await Admin.DrillDownAsync(2032, Orgs.Baoji, "bureauVisits"))["items"]!.AsArray().Select(i => (string)i!["key"]!));
    }

    [Fact]
    public async Task The_audit_covers_the_agreement_register()
    {
        var agreement = await Admin.CreateAsync("agreements", CountingRuleTests.Agreement("cooperation", "610329", "320322", "2019-03-01", "2021-12-31"));
        await Sign(agreement.Id(), "610329", "2019-03-05");
        await AssertEqualAsync(2019);

        // The second signature puts it in force; its register entry is not told.
        _failpoints.Arm(FailpointNames.ProjectionSuppress, FailpointAction.Suppress, 1);
        await Sign(agreement.Id(), "320322", "2019-03-06");
        Assert.Equal(0, (int)(await Admin.ReportAsync(2019, Orgs.Baoji))["countyPairsWithCooperationAgreement"]!);

        var audit = await Admin.AuditAsync(2019, Orgs.Baoji);
        var difference = Assert.Single(audit.DifferencesOf("agreement", agreement.Id()));
        Assert.Contains("register: version 2, signed by not both", (string?)difference["detail"], StringComparison.Ordinal);
        Assert.Contains("signed 2019-03-06", (string?)difference["detail"], StringComparison.Ordinal);
        Assert.NotEmpty(audit.DifferencesOf("index", agreement.Id()));

        await Admin.RebuildAsync(2019, Orgs.Baoji);
        await AssertEqualAsync(2019);
        Assert.Equal(1, (int)(await Admin.ReportAsync(2019, Orgs.Baoji))["countyPairsWithCooperationAgreement"]!);

        // Terminated within the year, it is no longer in force on 31 December; the register still says it is.
        _failpoints.Arm(FailpointNames.ProjectionSuppress, FailpointAction.Suppress, 1);
        await Admin.PostAsync($"/api/v1/agreements/{agreement.Id()}/termination",
            new JsonObject { ["orgId"] = "320322", ["terminatedOn"] = "2019-09-30", ["reason"] = "协作调整" });
        Assert.NotEmpty((await Admin.AuditAsync(2019, Orgs.Xuzhou)).DifferencesOf("agreement", agreement.Id()));

        await Admin.RebuildAsync(2019, Orgs.Xuzhou);
        await AssertEqualAsync(2019);
        Assert.Equal(0, (int)(await Admin.ReportAsync(2019, Orgs.Xuzhou))["countyPairsWithCooperationAgreement"]!);
    }

    private Task<JsonObject> Sign(string id, string orgId, string signedOn) =>
        Admin.PostAsync($"/api/v1/agreements/{id}/signatures", new JsonObject { ["orgId"] = orgId, ["signedOn"] = signedOn });

    private async Task AssertEqualAsync(params int[] years)
    {
        foreach (var year in years)
        {
            foreach (var perspective in new[] { Orgs.Baoji, Orgs.Xuzhou })
            {
                var audit = await Admin.AuditAsync(year, perspective);
                Assert.True((bool)audit["equal"]!, $"{year} from {perspective}: {audit.Describe()}");
            }
        }
    }
}
