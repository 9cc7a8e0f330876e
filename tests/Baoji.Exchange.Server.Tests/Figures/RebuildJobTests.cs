using System.Diagnostics;
using System.Text.Json.Nodes;
using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Figures;

/// <summary>
/// A rebuild is a background job: 202 with a status resource, built beside the figures that reports keep reading, and
/// switched to only when complete; one interrupted midway (the RebuildMidway failpoint) leaves the old figures current.
/// </summary>
[Collection(FiguresCollection.Name)]
public sealed class RebuildJobTests(AzuriteFixture azurite, FailpointServer shared, ITestOutputHelper output) : IClassFixture<FailpointServer>
{
    private const string Partnership = "610300-320300";

    [Fact]
    public async Task A_rebuild_answers_202_runs_in_the_background_and_reports_meanwhile_are_never_half_built()
    {
        const int year = 2033;
        var server = shared.Get(azurite, "rebuild");
        var admin = server.Admin();
        var created = await CreateRecordsAsync(admin, year, 400);
        var before = await admin.ReportAsync(year, Orgs.Baoji);
        var clock = Stopwatch.StartNew();
        var audit = await admin.AuditAsync(year, Orgs.Baoji);
        output.WriteLine($"audit of {year} ({(int)audit["records"]!} records of the year) in {clock.ElapsedMilliseconds} ms");
        Assert.True((bool)audit["equal"]!, audit.Describe());

        clock.Restart();
        // Two requests at once: the second finds the first running and answers with it.
        var started = await Task.WhenAll(admin.StartRebuildAsync(year, Orgs.Baoji), admin.StartRebuildAsync(year, Orgs.Xuzhou));
        var (job, location) = started[0];
        Assert.Equal((string?)job["id"], (string?)started[1].Job["id"]);
        Assert.Equal(location, started[1].Location);
        Assert.Equal("running", (string?)job["state"]);

        var reportsWhileRunning = 0;
        var lastDone = 0;
        JsonObject status;
        while ((string?)(status = await admin.GetJsonAsync(location))["state"] == "running")
        {
            var done = (int)status["progress"]!["done"]!;
            Assert.True(done >= lastDone && done <= (int)status["progress"]!["total"]!, status.ToJsonString());
            lastDone = done;
            AssertNotLower(before, await admin.ReportAsync(year, Orgs.Baoji), "");
            reportsWhileRunning++;
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"still running: {status.ToJsonString()}");
            await Task.Delay(25);
        }

        output.WriteLine($"rebuild of {year}: {status["progress"]!.ToJsonString()} stored records read in {clock.ElapsedMilliseconds} ms; {reportsWhileRunning} reports read meanwhile");
        Assert.Equal("completed", (string?)status["state"]);
        Assert.Equal((int)status["progress"]!["total"]!, (int)status["progress"]!["done"]!);
        Assert.True((int)status["progress"]!["total"]! >= created);
        Assert.True(status["finishedAt"] is not null && (DateTimeOffset)status["finishedAt"]! >= (DateTimeOffset)status["startedAt"]!);
        Assert.True((bool)status["audit"]!["equal"]!, status.ToJsonString());
        Assert.True(reportsWhileRunning > 0, "the rebuild was over before a report was read");

        var after = await admin.ReportAsync(year, Orgs.Baoji);
        Assert.True(JsonNode.DeepEquals(before, after), $"before {before.ToJsonString()}\nafter {after.ToJsonString()}");
        foreach (var perspective in new[] { Orgs.Baoji, Orgs.Xuzhou })
        {
            var audited = await admin.AuditAsync(year, perspective);
            Assert.True((bool)audited["equal"]!, audited.Describe());
        }

        var generation = await Generation(server, year);
        Assert.Equal((int)status["generation"]!, generation.Current);
        Assert.Null(generation.Building);
    }

    [Theory]
    [InlineData(FailpointAction.Fail, 2034)]
    [InlineData(FailpointAction.Crash, 2035)]
    public async Task A_rebuild_interrupted_midway_leaves_the_old_figures_current_and_the_next_one_completes(FailpointAction action, int year)
    {
        var serviceId = SharedServer.NewServiceId("midway");
        var first = new ServerFactory(azurite, serviceId) { Settings = FailpointServer.Settings };
        var second = first;
        try
        {
            var admin = first.Admin();
            await CreateRecordsAsync(admin, year, 60);
            var before = await admin.ReportAsync(year, Orgs.Xuzhou);

            first.Failpoints().Arm(FailpointNames.RebuildMidway, action, 1);
            var (job, location) = await admin.StartRebuildAsync(year, Orgs.Xuzhou);
            if (action == FailpointAction.Crash)
            {
                // The process "dies" at the failpoint; a new one starts on the same storage.
                var clock = Stopwatch.StartNew();
                while (first.Failpoints().Fired.GetValueOrDefault(FailpointNames.RebuildMidway) == 0)
                {
                    Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the failpoint was never reached");
                    await Task.Delay(20);
                }

                await first.DisposeAsync();
                second = new ServerFactory(azurite, serviceId) { Settings = FailpointServer.Settings };
                admin = second.Admin();
            }

            var failed = await admin.WaitForRebuildAsync(location);
            Assert.Equal("failed", (string?)failed["state"]);
            Assert.Contains(action == FailpointAction.Fail ? FailpointNames.RebuildMidway : "Interrupted", (string?)failed["error"], StringComparison.Ordinal);
            Assert.True((int)failed["progress"]!["done"]! < (int)failed["progress"]!["total"]! || action == FailpointAction.Crash, failed.ToJsonString());

            // The old figures are still the ones read, and still right.
            Assert.True(JsonNode.DeepEquals(before, await admin.ReportAsync(year, Orgs.Xuzhou)));
            Assert.True((bool)(await admin.AuditAsync(year, Orgs.Xuzhou))["equal"]!);
            var generation = await Generation(second, year);
            Assert.Equal((0, (int?)null), (generation.Current, generation.Building));
            Assert.Contains((int)job["generation"]!, generation.Stale);

            var completed = await admin.RebuildAsync(year, Orgs.Xuzhou);
            Assert.True((int)completed["generation"]! > (int)job["generation"]!);
            Assert.True((bool)completed["audit"]!["equal"]!, completed.ToJsonString());
            Assert.True(JsonNode.DeepEquals(before, await admin.ReportAsync(year, Orgs.Xuzhou)));

            // The next rebuild deleted what the interrupted one had built.
            var grains = second.Services.GetRequiredService<IGrainFactory>();
            foreach (var key in FigureShards.KeysOf(Partnership, year, (int)job["generation"]!, await Generation(second, year)))
            {
                Assert.Empty(await grains.GetGrain<IYearFiguresGrain>(key).GetTotals());
            }

            Assert.DoesNotContain((int)job["generation"]!, (await Generation(second, year)).Stale);
        }
        finally
        {
            await second.DisposeAsync();
            if (!ReferenceEquals(first, second))
            {
                await first.DisposeAsync();
            }
        }
    }

    private static Task<FiguresGeneration> Generation(ServerFactory server, int year) =>
        server.Services.GetRequiredService<IGrainFactory>().GetGrain<IFiguresGenerationGrain>(FigureShards.YearKey(Partnership, year)).Get();

    /// <summary>Visits, trainings and placements of the year over the five county pairs, eight at a time; returns how many.</summary>
    internal static async Task<int> CreateRecordsAsync(HttpClient admin, int year, int count)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (baoji, xuzhou) = Orgs.CountyPairs[i % Orgs.CountyPairs.Length];
            var day = new DateOnly(year, 1 + (i % 12), 1 + (i % 27)).ToString("yyyy-MM-dd");
            var (collection, body) = (i % 4) switch
            {
                0 => ("trainings", CountingRuleTests.Training(Orgs.School(xuzhou, 0), Orgs.School(baoji, 0), day, sessions: 1 + (i % 5), trainees: 10 + i)),
                1 => ("staff-exchanges", CountingRuleTests.Placement($"T-{i % 40}", Orgs.School(baoji, i % 2), Orgs.School(xuzhou, 0), day, day)),
                2 => ("visits", CountingRuleTests.Visit(Orgs.School(baoji, 1), Orgs.School(xuzhou, 1), "school", day)),
                _ => ("visits", CountingRuleTests.Visit(baoji, xuzhou, "bureau", day)),
            };
            await admin.CreateAsync(collection, body);
        });
        return count;
    }

    /// <summary>Every number of <paramref name="before"/> is there in <paramref name="during"/>, and not lower.</summary>
    private static void AssertNotLower(JsonNode? before, JsonNode? during, string path)
    {
        switch (before)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    AssertNotLower(value, during?[name], $"{path}.{name}");
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    AssertNotLower(a[i], during is JsonArray d && i < d.Count ? d[i] : null, $"{path}[{i}]");
                }

                break;
            case JsonValue v when v.TryGetValue<decimal>(out var number):
                Assert.True(during is JsonValue w && w.TryGetValue<decimal>(out var now) && now >= number, $"{path}: {number} before the rebuild, {during} during it");
                break;
        }
    }
}
