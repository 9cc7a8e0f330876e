using System.Text.Json.Nodes;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Baoji.Exchange.Server.Tests.Ledger;

namespace Baoji.Exchange.Server.Tests.Figures;

/// <summary>The 2024 exchange log in seeds/ against the figures section 4.1 of the Baoji report published (see DOMAIN.md).</summary>
[Collection(FiguresCollection.Name)]
public sealed class SeededReportTests(AzuriteFixture azurite, FiguresServer shared) : IClassFixture<FiguresServer>
{
    private const int Year = 2024;

    private static readonly string[] CountedFigures =
    [
        "bureauVisits", "schoolVisits", "staffExchanged.total", "staffExchanged.sent", "staffExchanged.received",
        "countyPairsWithCooperationAgreement", "newPairedSchools", "schoolsWithCoConstructionAgreement", "training.records", "unconfirmedRecords",
    ];

    private static readonly string[] SummedFigures =
        ["training.sessions", "training.trainees", "training.equipmentValueYuan", "training.onlineResearchSessions"];

    private readonly ServerFactory _server = shared.Get(azurite, "seeded", loadLedger: true);

    [Fact]
    public async Task The_seeds_give_the_published_2024_figures_from_Baoji()
    {
        var report = await _server.Admin().ReportAsync(Year, Orgs.Baoji);

        // DOMAIN.md, "The year-end figures section 4.1 reports for 2024 (from Baoji's side)".
        Assert.Equal(Year, (int)report["year"]!);
        Assert.Equal(Orgs.Baoji, (string?)report["perspective"]);
        Assert.Equal(Orgs.Xuzhou, (string?)report["partner"]);
        Assert.Equal(6, (int)report["bureauVisits"]!);
        Assert.Equal(10, (int)report["schoolVisits"]!);
        Assert.Equal(108, (int)report["staffExchanged"]!["total"]!);
        Assert.Equal(61, (int)report["staffExchanged"]!["sent"]!);
        Assert.Equal(47, (int)report["staffExchanged"]!["received"]!);
        Assert.Equal(5, (int)report["countyPairsWithCooperationAgreement"]!);
        Assert.Equal(4, (int)report["newPairedSchools"]!);
        Assert.Equal(34, (int)report["schoolsWithCoConstructionAgreement"]!);
        // seeds/README.md: three records are left unconfirmed; the named training facts are there.
        Assert.Equal(3, (int)report["unconfirmedRecords"]!);
        Assert.True(report.Figure("training.equipmentValueYuan") > 0);
        Assert.True(report.Figure("training.onlineResearchSessions") > 0);
        foreach (var subject in new[] { "机械加工", "电子技术", "烹饪" })
        {
            Assert.True(report.Figure($"training.bySubject.{subject}") > 0, $"no sessions in {subject}");
        }

        Assert.Equal(12, report["counties"]!.AsArray().Count);
        foreach (var (baoji, xuzhou) in Orgs.CountyPairs)
        {
            Assert.Equal(new[] { xuzhou }, report.Scope(baoji)["partnerIds"]!.AsArray().Select(p => (string)p!));
            Assert.Equal(1, (int)report.Scope(baoji)["countyPairsWithCooperationAgreement"]!);
        }
    }

    [Fact]
    public async Task Xuzhou_sees_the_same_year_mirrored()
    {
        var admin = _server.Admin();
        var baoji = await admin.ReportAsync(Year, Orgs.Baoji);
        var xuzhou = await admin.ReportAsync(Year, Orgs.Xuzhou);

        Assert.Equal(Orgs.Xuzhou, (string?)xuzhou["perspective"]);
        Assert.Equal(Orgs.Baoji, (string?)xuzhou["partner"]);
        Assert.Equal(6, (int)xuzhou["bureauVisits"]!);
        Assert.Equal(10, (int)xuzhou["schoolVisits"]!);
        Assert.Equal(108, (int)xuzhou["staffExchanged"]!["total"]!);
        Assert.Equal(47, (int)xuzhou["staffExchanged"]!["sent"]!);
        Assert.Equal(61, (int)xuzhou["staffExchanged"]!["received"]!);
        Assert.Equal(5, (int)xuzhou["countyPairsWithCooperationAgreement"]!);
        // seeds/README.md: a Baoji school gained a second Xuzhou partner (and agreement) in 2024, so Xuzhou has one more of each.
        Assert.Equal(5, (int)xuzhou["newPairedSchools"]!);
        Assert.Equal(35, (int)xuzhou["schoolsWithCoConstructionAgreement"]!);
        Assert.Equal(10, xuzhou["counties"]!.AsArray().Count);

        AssertMirrored(baoji, xuzhou, "the cities");
        foreach (var (baojiCounty, xuzhouCounty) in Orgs.CountyPairs)
        {
            // In the seeds every record of a paired county is with its partner county (or its schools).
            AssertMirrored(baoji.Scope(baojiCounty), xuzhou.Scope(xuzhouCounty), $"{baojiCounty}↔{xuzhouCounty}");
            Assert.Equal(new[] { baojiCounty }, xuzhou.Scope(xuzhouCounty)["partnerIds"]!.AsArray().Select(p => (string)p!));
        }
    }

    [Fact]
    public async Task Every_figure_of_the_seeded_year_opens_into_as_many_items_as_it_says()
    {
        var admin = _server.Admin();
        var checks = new List<(string Perspective, string? County, string Figure, decimal Value, bool Counted)>();
        foreach (var perspective in new[] { Orgs.Baoji, Orgs.Xuzhou })
        {
            var report = await admin.ReportAsync(Year, perspective);
            var scopes = new List<string?> { null };
            scopes.AddRange(report["counties"]!.AsArray().Select(c => (string?)c!["id"]));
            foreach (var county in scopes)
            {
                var figures = report.Scope(county);
                var subjects = figures["training"]!["bySubject"]!.AsObject().Select(s => $"training.bySubject.{s.Key}");
                checks.AddRange(CountedFigures.Select(f => (perspective, county, f, figures.Figure(f), true)));
                checks.AddRange(SummedFigures.Concat(subjects).Select(f => (perspective, county, f, figures.Figure(f), false)));
            }
        }

        // The seeds must make the check meaningful: every counted figure is non-zero somewhere.
        Assert.All(CountedFigures, f => Assert.Contains(checks, c => c.Figure == f && c.Value > 0));
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(checks, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (check, _) =>
        {
            // Pages of five, so that every figure of more than five items is read over several pages (and shards).
            var drill = await admin.DrillDownAsync(Year, check.Perspective, check.Figure, check.County, pageSize: 5);
            var items = drill["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            var weights = items.Sum(i => (decimal)i["weight"]!);
            var keys = items.Select(i => (string)i["key"]!).ToList();
            var where = $"{check.Perspective} {check.County ?? "city"} {check.Figure} = {check.Value}";
            if (check.Counted && items.Count != check.Value)
            {
                failures.Add($"{where}: {items.Count} items");
            }

            if (weights != check.Value || (decimal)drill["value"]! != check.Value)
            {
                failures.Add($"{where}: Σ weight {weights}, value {drill["value"]}");
            }

            if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
            {
                failures.Add($"{where}: an item is listed twice");
            }

            if (items.Any(i => i["recordIds"]!.AsArray().Count == 0))
            {
                failures.Add($"{where}: an item without records");
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {checks.Count} drill-downs disagree:\n{string.Join("\n", failures.Order())}");
    }

    [Fact]
    public async Task A_drill_down_read_in_pages_lists_what_one_page_lists()
    {
        var admin = _server.Admin();
        foreach (var figure in new[] { "staffExchanged.total", "schoolsWithCoConstructionAgreement", "unconfirmedRecords" })
        {
            var whole = await admin.DrillDownAsync(Year, Orgs.Baoji, figure);
            var paged = await admin.DrillDownAsync(Year, Orgs.Baoji, figure, pageSize: 3);

            Assert.Null(whole["continuationToken"]);
            Assert.Equal(Keys(whole).Order(StringComparer.Ordinal), Keys(paged).Order(StringComparer.Ordinal));
        }

        static IEnumerable<string> Keys(JsonObject drill) => drill["items"]!.AsArray().Select(i => (string)i!["key"]!);
    }

    [Theory]
    [InlineData("&pageSize=0", "pageSize")]
    [InlineData("&pageSize=1001", "pageSize")]
    [InlineData("&continuationToken=not-a-token", "continuationToken")]
    [InlineData("&continuationToken=OXwwfA", "continuationToken")]
    public async Task A_bad_page_size_or_token_is_a_400_naming_it(string query, string field)
    {
        var response = await _server.Admin().GetAsync($"/api/v1/reports/{Year}/records?perspective={Orgs.Baoji}&figure=bureauVisits{query}");

        await response.ExpectProblemAsync(System.Net.HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task The_bureau_visits_of_the_city_open_into_counted_bureau_visits_that_start_in_the_year()
    {
        var admin = _server.Admin();
        var drill = await admin.DrillDownAsync(Year, Orgs.Baoji, "bureauVisits");

        var ids = drill["items"]!.AsArray().Select(i => (string)i!["key"]!).ToList();
        Assert.Equal(6, ids.Count);
        foreach (var id in ids)
        {
            var visit = await admin.GetJsonAsync($"/api/v1/visits/{id}");
            Assert.Equal("bureau", (string?)visit["level"]);
            Assert.Equal(Year, DateOnly.Parse((string)visit["startDate"]!).Year);
            Assert.True((bool)visit["counts"]!);
        }
    }

    [Fact]
    public async Task The_maintained_figures_of_the_seeded_years_equal_a_recomputation()
    {
        var admin = _server.Admin();
        foreach (var year in new[] { 2023, 2024, 2025 })
        {
            foreach (var perspective in new[] { Orgs.Baoji, Orgs.Xuzhou })
            {
                var audit = await admin.AuditAsync(year, perspective);
                Assert.True((bool)audit["equal"]!, $"{year} from {perspective}: {audit.Describe()}");
            }
        }

        // The seeds' edge cases: a bureau visit that starts on 2023-12-27, placements that run into 2024 and 2025.
        Assert.Equal(1, (int)(await admin.ReportAsync(2023, Orgs.Baoji))["bureauVisits"]!);
        Assert.True((int)(await admin.ReportAsync(2025, Orgs.Baoji))["staffExchanged"]!["total"]! > 0);
    }

    private static void AssertMirrored(JsonObject baoji, JsonObject xuzhou, string what)
    {
        Assert.True((int)baoji["bureauVisits"]! == (int)xuzhou["bureauVisits"]!, $"{what}: bureauVisits");
        Assert.True((int)baoji["schoolVisits"]! == (int)xuzhou["schoolVisits"]!, $"{what}: schoolVisits");
        Assert.True((int)baoji["staffExchanged"]!["total"]! == (int)xuzhou["staffExchanged"]!["total"]!, $"{what}: staff total");
        Assert.True((int)baoji["staffExchanged"]!["sent"]! == (int)xuzhou["staffExchanged"]!["received"]!, $"{what}: Baoji's sent is Xuzhou's received");
        Assert.True((int)baoji["staffExchanged"]!["received"]! == (int)xuzhou["staffExchanged"]!["sent"]!, $"{what}: Baoji's received is Xuzhou's sent");
        Assert.True((int)baoji["countyPairsWithCooperationAgreement"]! == (int)xuzhou["countyPairsWithCooperationAgreement"]!, $"{what}: county pairs");
        Assert.True((int)baoji["unconfirmedRecords"]! == (int)xuzhou["unconfirmedRecords"]!, $"{what}: unconfirmed");
        Assert.True(JsonNode.DeepEquals(baoji["training"], xuzhou["training"]), $"{what}: training {baoji["training"]} vs {xuzhou["training"]}");
    }
}
