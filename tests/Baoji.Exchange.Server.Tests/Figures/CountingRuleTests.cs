using System.Net;
using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;

namespace Baoji.Exchange.Server.Tests.Figures;

/// <summary>
/// The counting rules of API.md ("Year-end figures") through the API, each in years of its own (2011–2018, which
/// neither the seeds nor the other figure tests use) on a server without the 2024 log, so every figure is exact.
/// Agreements live in the partnership's register of this server alone, so their tests may use 2024 and 2025.
/// </summary>
[Collection(FiguresCollection.Name)]
public sealed class CountingRuleTests(AzuriteFixture azurite, FiguresServer shared) : IClassFixture<FiguresServer>
{
    private readonly ServerFactory _server = shared.Get(azurite, "rules", loadLedger: false);

    private HttpClient Admin => _server.Admin();

    [Fact]
    public async Task A_person_with_two_placements_in_the_year_counts_once()
    {
        const int year = 2011;
        string home = Orgs.School("610327", 0), host1 = Orgs.School("320312", 0), host2 = Orgs.School("320312", 1);
        var first = await Admin.CreateAsync("staff-exchanges", Placement("T-2011", home, host1, "2011-03-01", "2011-06-30"));
        var second = await Admin.CreateAsync("staff-exchanges", Placement("T-2011", home, host2, "2011-09-01", "2011-12-31"));
        // The same staff number at a Xuzhou school is another person.
        await Admin.CreateAsync("staff-exchanges", Placement("T-2011", host1, home, "2011-05-01", "2011-07-15"));

        var report = await Admin.ReportAsync(year, Orgs.Baoji);
        Assert.Equal(new StaffCount(2, 1, 1), Staff(report));
        Assert.Equal(new StaffCount(2, 1, 1), Staff(report.Scope("610327")));
        Assert.Equal(new StaffCount(2, 1, 1), Staff(await Admin.ReportAsync(year, Orgs.Xuzhou)));
        var person = Assert.Single((await Admin.DrillDownAsync(year, Orgs.Baoji, "staffExchanged.sent"))["items"]!.AsArray());
        Assert.Equal(new[] { first.Id(), second.Id() }.Order(StringComparer.Ordinal), person!["recordIds"]!.AsArray().Select(r => (string)r!).Order(StringComparer.Ordinal));

        // Withdrawing one placement leaves the person counted by the other; withdrawing both removes them.
        await Withdraw("staff-exchanges", first.Id());
        Assert.Equal(new StaffCount(2, 1, 1), Staff(await Admin.ReportAsync(year, Orgs.Baoji)));
        await Withdraw("staff-exchanges", second.Id());
        Assert.Equal(new StaffCount(1, 0, 1), Staff(await Admin.ReportAsync(year, Orgs.Baoji)));
        await AssertAuditedAsync(year);
    }

    [Fact]
    public async Task A_placement_from_December_to_January_counts_in_both_years()
    {
        var placement = await Admin.CreateAsync("staff-exchanges",
            Placement("C-2012", "610328", Orgs.School("320381", 0), "2012-12-01", "2013-01-31", role: "cadre"));

        foreach (var year in new[] { 2012, 2013 })
        {
            Assert.Equal(new StaffCount(1, 1, 0), Staff(await Admin.ReportAsync(year, Orgs.Baoji)));
            Assert.Equal(new StaffCount(1, 0, 1), Staff((await Admin.ReportAsync(year, Orgs.Xuzhou)).Scope("320381")));
            Assert.Single((await Admin.DrillDownAsync(year, Orgs.Baoji, "staffExchanged.total", "610328"))["items"]!.AsArray());
        }

        // Cut short to end in December, it leaves January's year.
        await Correct("staff-exchanges", placement, new JsonObject { ["endDate"] = "2012-12-31" });
        Assert.Equal(new StaffCount(1, 1, 0), Staff(await Admin.ReportAsync(2012, Orgs.Baoji)));
        Assert.Equal(new StaffCount(0, 0, 0), Staff(await Admin.ReportAsync(2013, Orgs.Baoji)));
        await AssertAuditedAsync(2012, 2013);
    }

    [Fact]
    public async Task Withdrawn_and_disputed_records_count_nowhere()
    {
        const int year = 2014;
        string sx = Orgs.School("610324", 0), js = Orgs.School("320382", 0);
        var bureauVisit = await Admin.CreateAsync("visits", Visit("610324", "320382", "bureau", "2014-04-01"));
        var schoolVisit = await Admin.CreateAsync("visits", Visit(js, sx, "school", "2014-05-01"));
        var placement = await Admin.CreateAsync("staff-exchanges", Placement("T-2014", sx, js, "2014-03-01", "2014-07-01"));
        var training = await Admin.CreateAsync("trainings", Training(js, sx, "2014-06-01", sessions: 4, trainees: 20));
        await Confirm("visits", bureauVisit.Id(), "320382");

        var before = await Admin.ReportAsync(year, Orgs.Baoji);
        foreach (var scope in new[] { (string?)null, "610324" })
        {
            var figures = before.Scope(scope);
            Assert.Equal(1, (int)figures["bureauVisits"]!);
            Assert.Equal(1, (int)figures["schoolVisits"]!);
            Assert.Equal(new StaffCount(1, 1, 0), Staff(figures));
            Assert.Equal(1, figures.Figure("training.records"));
            Assert.Equal(4, figures.Figure("training.sessions"));
            Assert.Equal(3, (int)figures["unconfirmedRecords"]!);
        }

        await Withdraw("visits", bureauVisit.Id());
        await Dispute("visits", schoolVisit.Id(), sx);
        await Withdraw("staff-exchanges", placement.Id());
        await Dispute("trainings", training.Id(), sx);

        foreach (var perspective in new[] { Orgs.Baoji, Orgs.Xuzhou })
        {
            var report = await Admin.ReportAsync(year, perspective);
            foreach (var scope in new[] { (string?)null, perspective == Orgs.Baoji ? "610324" : "320382" })
            {
                var figures = report.Scope(scope);
                Assert.Equal(0, (int)figures["bureauVisits"]!);
                Assert.Equal(0, (int)figures["schoolVisits"]!);
                Assert.Equal(new StaffCount(0, 0, 0), Staff(figures));
                Assert.Equal(0, figures.Figure("training.records"));
                Assert.Equal(0, figures.Figure("training.sessions"));
                Assert.Equal(0, figures.Figure("training.bySubject.机械加工"));
                Assert.Equal(0, (int)figures["unconfirmedRecords"]!);
                foreach (var figure in new[] { "bureauVisits", "schoolVisits", "staffExchanged.total", "training.records", "unconfirmedRecords" })
                {
                    Assert.Empty((await Admin.DrillDownAsync(year, perspective, figure, scope))["items"]!.AsArray());
                }
            }
        }

        var reconciliation = await Admin.GetJsonAsync($"/api/v1/reconciliation/{year}?perspective={Orgs.Baoji}");
        Assert.Equal(new[] { schoolVisit.Id(), training.Id() }.Order(StringComparer.Ordinal),
            reconciliation["disputed"]!.AsArray().Select(r => (string)r!["id"]!).Order(StringComparer.Ordinal));

        // A correction does not lift a dispute: still counted nowhere until the disputing side confirms it.
        await Correct("visits", await Admin.GetJsonAsync($"/api/v1/visits/{schoolVisit.Id()}"), new JsonObject { ["delegationSize"] = 7 });
        var corrected = await Admin.ReportAsync(year, Orgs.Baoji);
        Assert.Equal((0, 0), ((int)corrected["schoolVisits"]!, (int)corrected["unconfirmedRecords"]!));
        await Confirm("visits", schoolVisit.Id(), sx);
        var after = await Admin.ReportAsync(year, Orgs.Baoji);
        Assert.Equal((1, 0), ((int)after["schoolVisits"]!, (int)after["unconfirmedRecords"]!));
        await AssertAuditedAsync(year);
    }

    [Fact]
    public async Task A_correction_moves_a_visit_between_years_and_between_counties()
    {
        // Logged by the city bureau, which may move it to any of its counties.
        var visit = await Admin.CreateAsync("visits", Visit("610328", "320381", "bureau", "2015-06-01", loggedBy: Orgs.Baoji));
        visit = await Confirm("visits", visit.Id(), "320381");
        await AssertVisitsAsync(2015, "610328", "320381", 1, unconfirmed: 0);
        await AssertVisitsAsync(2016, "610328", "320381", 0, unconfirmed: 0);

        visit = await Correct("visits", visit, new JsonObject { ["startDate"] = "2016-02-01", ["endDate"] = "2016-02-03" });
        await AssertVisitsAsync(2015, "610328", "320381", 0, unconfirmed: 0);
        // Its date changed: back to the counterpart.
        await AssertVisitsAsync(2016, "610328", "320381", 1, unconfirmed: 1);

        await Correct("visits", visit, new JsonObject { ["fromOrgId"] = "610329", ["toOrgId"] = "320322" });
        await AssertVisitsAsync(2016, "610328", "320381", 0, unconfirmed: 0, city: 1);
        await AssertVisitsAsync(2016, "610329", "320322", 1, unconfirmed: 1);
        await AssertAuditedAsync(2015, 2016);
    }

    [Fact]
    public async Task A_correction_may_not_take_a_record_away_from_the_county_that_logged_it()
    {
        var visit = await Admin.CreateAsync("visits", Visit("610328", "320381", "bureau", "2018-09-01"));

        // Else nobody on the logging side could withdraw it, and either side could confirm it.
        var refused = await (await Admin.SendAsync(FiguresHttp.Patch($"/api/v1/visits/{visit.Id()}",
            new JsonObject { ["reason"] = "wrong county", ["changes"] = new JsonObject { ["fromOrgId"] = "610329" } }, visit.Version())))
            .ExpectJsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(refused["errors"]!.AsObject().ContainsKey("changes"), refused.ToJsonString());

        // Its counterpart may change: the visit moves between Xuzhou's counties, and is withdrawn by its logger.
        visit = await Correct("visits", visit, new JsonObject { ["toOrgId"] = "320322" });
        var report = await Admin.ReportAsync(2018, Orgs.Xuzhou);
        Assert.Equal(0, (int)report.Scope("320381")["bureauVisits"]!);
        Assert.Equal(1, (int)report.Scope("320322")["bureauVisits"]!);
        Assert.Equal("withdrawn", (string?)(await Withdraw("visits", visit.Id()))["status"]);
        Assert.Equal(0, (int)(await Admin.ReportAsync(2018, Orgs.Xuzhou)).Scope("320322")["bureauVisits"]!);
    }

    [Fact]
    public async Task A_merge_counts_a_duplicate_pair_once_and_withdrawing_it_counts_both_again()
    {
        const int year = 2017;
        var ours = await Admin.CreateAsync("visits", Visit("610331", "320305", "bureau", "2017-05-10"));
        // Xuzhou's clerk logged the same delegation, a day off.
        var theirs = await Admin.CreateAsync("visits", Visit("610331", "320305", "bureau", "2017-05-11", loggedBy: "320305"));
        await AssertBureauVisitsAsync(year, 2);

        var reconciliation = await Admin.GetJsonAsync($"/api/v1/reconciliation/{year}?perspective={Orgs.Baoji}");
        var duplicate = Assert.Single(reconciliation["probableDuplicates"]!.AsArray());
        Assert.Equal(new[] { ours.Id(), theirs.Id() }.Order(StringComparer.Ordinal),
            new[] { (string)duplicate!["firstId"]!, (string)duplicate["secondId"]! }.Order(StringComparer.Ordinal));

        var body = new JsonObject { ["keepId"] = ours.Id(), ["duplicateId"] = theirs.Id() };
        var merge = await Admin.PostAsync("/api/v1/reconciliation/merges", body, HttpStatusCode.Created);
        Assert.Equal(ours.Id(), (string?)merge["keepId"]);
        Assert.Equal(theirs.Id(), (string?)merge["duplicateId"]);
        Assert.Equal("active", (string?)merge["status"]);
        await AssertBureauVisitsAsync(year, 1);
        var kept = Assert.Single((await Admin.DrillDownAsync(year, Orgs.Baoji, "bureauVisits"))["items"]!.AsArray());
        Assert.Equal(ours.Id(), (string?)kept!["key"]);

        // The same merge again changes nothing.
        var again = await (await Admin.SendAsync(FiguresHttp.Post("/api/v1/reconciliation/merges", body.DeepClone())))
            .ExpectJsonAsync(HttpStatusCode.Created, HttpStatusCode.OK);
        Assert.Equal((string?)merge["id"], (string?)again["id"]);
        Assert.Equal("active", (string?)again["status"]);
        await AssertBureauVisitsAsync(year, 1);

        var withdrawn = await Admin.PostAsync($"/api/v1/reconciliation/merges/{merge["id"]}/withdrawal", new JsonObject());
        Assert.Equal("withdrawn", (string?)withdrawn["status"]);
        await AssertBureauVisitsAsync(year, 2);
        await Admin.PostAsync($"/api/v1/reconciliation/merges/{merge["id"]}/withdrawal", new JsonObject());
        await AssertBureauVisitsAsync(year, 2);

        // Merged again after the withdrawal, the pair counts once again; withdrawn again, twice.
        await (await Admin.SendAsync(FiguresHttp.Post("/api/v1/reconciliation/merges", body.DeepClone())))
            .ExpectJsonAsync(HttpStatusCode.Created, HttpStatusCode.OK);
        Assert.Equal(ours.Id(), (string?)(await Admin.GetJsonAsync($"/api/v1/visits/{theirs.Id()}"))["mergedInto"]);
        await AssertBureauVisitsAsync(year, 1);
        await Admin.PostAsync($"/api/v1/reconciliation/merges/{merge["id"]}/withdrawal", new JsonObject());
        Assert.Null((await Admin.GetJsonAsync($"/api/v1/visits/{theirs.Id()}"))["mergedInto"]);
        await AssertBureauVisitsAsync(year, 2);
        await AssertAuditedAsync(year);
    }

    [Fact]
    public async Task An_agreement_terminated_in_2025_still_counts_for_2024()
    {
        var cooperation = await Admin.CreateAsync("agreements", Agreement("cooperation", "610329", "320322", "2024-03-01", null));
        await Sign(cooperation.Id(), "610329", "2024-03-05");
        await Sign(cooperation.Id(), "320322", "2024-03-06");
        var coConstruction = await Admin.CreateAsync("agreements",
            Agreement("co-construction", Orgs.School("610329", 0), Orgs.School("320322", 0), "2024-03-01", "2026-12-31"));
        await Sign(coConstruction.Id(), Orgs.School("610329", 0), "2024-03-10");
        await Sign(coConstruction.Id(), Orgs.School("320322", 0), "2024-03-10");

        // Neither signed by both, nor withdrawn, nor disputed agreements count.
        var halfSigned = await Admin.CreateAsync("agreements", Agreement("cooperation", "610324", "320382", "2024-01-01", null));
        await Sign(halfSigned.Id(), "610324", "2024-01-02");
        var withdrawn = await Admin.CreateAsync("agreements", Agreement("cooperation", "610331", "320305", "2024-01-01", null));
        await Sign(withdrawn.Id(), "610331", "2024-01-02");
        await Sign(withdrawn.Id(), "320305", "2024-01-02");
        await Withdraw("agreements", withdrawn.Id());
        var disputed = await Admin.CreateAsync("agreements",
            Agreement("co-construction", Orgs.School("610331", 0), Orgs.School("320305", 0), "2024-01-01", null));
        await Sign(disputed.Id(), Orgs.School("610331", 0), "2024-01-02");
        await Sign(disputed.Id(), Orgs.School("320305", 0), "2024-01-02");
        await Dispute("agreements", disputed.Id(), Orgs.School("320305", 0));

        await AssertAgreementsAsync(2024, pairs: 1, schools: 1);

        await Admin.PostAsync($"/api/v1/agreements/{cooperation.Id()}/termination",
            new JsonObject { ["orgId"] = "320322", ["terminatedOn"] = "2025-06-30", ["reason"] = "协作调整" });
        await Admin.PostAsync($"/api/v1/agreements/{coConstruction.Id()}/termination",
            new JsonObject { ["orgId"] = Orgs.School("610329", 0), ["terminatedOn"] = "2025-03-31", ["reason"] = "学校合并" });

        await AssertAgreementsAsync(2023, pairs: 0, schools: 0);
        await AssertAgreementsAsync(2024, pairs: 1, schools: 1);
        await AssertAgreementsAsync(2025, pairs: 0, schools: 0);
    }

    private async Task AssertAgreementsAsync(int year, int pairs, int schools)
    {
        foreach (var (perspective, county) in new[] { (Orgs.Baoji, "610329"), (Orgs.Xuzhou, "320322") })
        {
            var report = await Admin.ReportAsync(year, perspective);
            foreach (var scope in new[] { (string?)null, county })
            {
                var where = $"{year} from {perspective} in {scope ?? "the city"}";
                Assert.True(pairs == (int)report.Scope(scope)["countyPairsWithCooperationAgreement"]!, $"county pairs {where}");
                Assert.True(schools == (int)report.Scope(scope)["schoolsWithCoConstructionAgreement"]!, $"co-construction schools {where}");
                Assert.Equal(pairs, (await Admin.DrillDownAsync(year, perspective, "countyPairsWithCooperationAgreement", scope))["items"]!.AsArray().Count);
                Assert.Equal(schools, (await Admin.DrillDownAsync(year, perspective, "schoolsWithCoConstructionAgreement", scope))["items"]!.AsArray().Count);
            }

            // The counties of the withdrawn, disputed and half-signed agreements have none.
            foreach (var other in perspective == Orgs.Baoji ? new[] { "610324", "610331" } : ["320382", "320305"])
            {
                Assert.Equal(0, (int)report.Scope(other)["countyPairsWithCooperationAgreement"]!);
                Assert.Equal(0, (int)report.Scope(other)["schoolsWithCoConstructionAgreement"]!);
            }
        }
    }

    private async Task AssertVisitsAsync(int year, string baojiCounty, string xuzhouCounty, int visits, int unconfirmed, int? city = null)
    {
        foreach (var (perspective, county) in new[] { (Orgs.Baoji, baojiCounty), (Orgs.Xuzhou, xuzhouCounty) })
        {
            var report = await Admin.ReportAsync(year, perspective);
            Assert.True((city ?? visits) == (int)report["bureauVisits"]!, $"{year} from {perspective}: city bureau visits {report["bureauVisits"]}");
            Assert.True(visits == (int)report.Scope(county)["bureauVisits"]!, $"{year} from {perspective}: {county} bureau visits");
            Assert.True(unconfirmed == (int)report.Scope(county)["unconfirmedRecords"]!, $"{year} from {perspective}: {county} unconfirmed");
            Assert.Equal(visits, (await Admin.DrillDownAsync(year, perspective, "bureauVisits", county))["items"]!.AsArray().Count);
        }
    }

    private async Task AssertBureauVisitsAsync(int year, int expected)
    {
        foreach (var (perspective, county) in new[] { (Orgs.Baoji, "610331"), (Orgs.Xuzhou, "320305") })
        {
            var report = await Admin.ReportAsync(year, perspective);
            Assert.True(expected == (int)report["bureauVisits"]!, $"{year} from {perspective}: {report["bureauVisits"]} bureau visits, expected {expected}");
            Assert.Equal(expected, (int)report.Scope(county)["bureauVisits"]!);
        }
    }

    private async Task AssertAuditedAsync(params int[] years)
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

    private sealed record StaffCount(int Total, int Sent, int Received);

    private static StaffCount Staff(JsonObject figures) =>
        new((int)figures["staffExchanged"]!["total"]!, (int)figures["staffExchanged"]!["sent"]!, (int)figures["staffExchanged"]!["received"]!);

    private Task<JsonObject> Withdraw(string collection, string id) =>
        Admin.PostAsync($"/api/v1/{collection}/{id}/withdrawal", new JsonObject { ["reason"] = "logged by mistake" });

    private Task<JsonObject> Confirm(string collection, string id, string orgId) =>
        Admin.PostAsync($"/api/v1/{collection}/{id}/confirmation", new JsonObject { ["orgId"] = orgId });

    private Task<JsonObject> Dispute(string collection, string id, string orgId) =>
        Admin.PostAsync($"/api/v1/{collection}/{id}/dispute", new JsonObject { ["orgId"] = orgId, ["reason"] = "did not happen like this" });

    private Task<JsonObject> Sign(string id, string orgId, string signedOn) =>
        Admin.PostAsync($"/api/v1/agreements/{id}/signatures", new JsonObject { ["orgId"] = orgId, ["signedOn"] = signedOn });

    private async Task<JsonObject> Correct(string collection, JsonObject record, JsonObject changes) =>
        await (await Admin.SendAsync(FiguresHttp.Patch($"/api/v1/{collection}/{record.Id()}",
            new JsonObject { ["reason"] = "wrong in the log", ["changes"] = changes }, record.Version()))).ExpectJsonAsync(HttpStatusCode.OK);

    internal static JsonObject Visit(string from, string to, string level, string start, string? loggedBy = null) => new()
    {
        ["fromOrgId"] = from,
        ["toOrgId"] = to,
        ["level"] = level,
        ["startDate"] = start,
        ["endDate"] = DateOnly.Parse(start).AddDays(2).ToString("yyyy-MM-dd"),
        ["delegationSize"] = 5,
        ["purpose"] = "对口帮扶工作交流",
        ["loggedBy"] = loggedBy ?? from,
    };

    internal static JsonObject Placement(string personRef, string home, string host, string start, string end, string role = "teacher") => new()
    {
        ["personRef"] = personRef,
        ["displayName"] = "张老师",
        ["role"] = role,
        ["homeOrgId"] = home,
        ["hostOrgId"] = host,
        ["startDate"] = start,
        ["endDate"] = end,
        ["subject"] = "机械加工",
        ["loggedBy"] = home,
    };

    internal static JsonObject Training(string provider, string recipient, string start, int sessions, int trainees) => new()
    {
        ["providerOrgId"] = provider,
        ["recipientOrgId"] = recipient,
        ["kind"] = "teacher-training",
        ["subjects"] = new JsonArray("机械加工"),
        ["mode"] = "onsite",
        ["startDate"] = start,
        ["endDate"] = start,
        ["sessions"] = sessions,
        ["trainees"] = trainees,
        ["equipmentValueYuan"] = 0,
        ["loggedBy"] = provider,
    };

    internal static JsonObject Agreement(string kind, string a, string b, string validFrom, string? validUntil) => new()
    {
        ["kind"] = kind,
        ["partyIds"] = new JsonArray(a, b),
        ["title"] = "对口协作协议",
        ["validFrom"] = validFrom,
        ["validUntil"] = validUntil,
        ["loggedBy"] = a,
    };
}
