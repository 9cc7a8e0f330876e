using System.Text.Json.Nodes;
using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baoji.Exchange.Server.Tests.Figures;

/// <summary>
/// A year's figures are kept in one shard; a year an earlier release counted in its 16 shards stays there (reports,
/// drill-downs, audit and new deltas read and write them) until a rebuild moves it to one shard.
/// </summary>
[Collection(FiguresCollection.Name)]
public sealed class FigureShardLayoutTests(AzuriteFixture azurite, FailpointServer shared) : IClassFixture<FailpointServer>
{
    private const string Partnership = "610300-320300";

    [Fact]
    public async Task A_year_first_counted_now_is_kept_in_one_shard()
    {
        const int year = 2037;
        var server = shared.Get(azurite, "layout");
        var admin = server.Admin();
        await RebuildJobTests.CreateRecordsAsync(admin, year, 80);

        var generation = await GenerationAsync(server, year);
        Assert.True(generation.IsOneShard(generation.Current));
        Assert.Equal(1, await CountedInAsync(server, FigureShards.KeysOf(Partnership, year, 0, oneShard: true)));
        Assert.Equal(0, await CountedInAsync(server, FigureShards.KeysOf(Partnership, year, 0, oneShard: false)));
        foreach (var perspective in new[] { Orgs.Baoji, Orgs.Xuzhou })
        {
            var audit = await admin.AuditAsync(year, perspective);
            Assert.True((bool)audit["equal"]!, audit.Describe());
        }
    }

    [Fact]
    public async Task A_year_an_earlier_release_counted_in_16_shards_stays_there_until_a_rebuild_moves_it_to_one()
    {
        const int year = 2036;
        var server = shared.Get(azurite, "layout");
        var admin = server.Admin();
        var grains = server.Services.GetRequiredService<IGrainFactory>();

        // What an earlier release leaves: rows of the year in its shards' partitions (here a record counting nothing).
        await grains.GetGrain<IYearFiguresGrain>(FigureShards.Key(Partnership, year, 0)).Apply("earlier-release", 1, []);
        await RebuildJobTests.CreateRecordsAsync(admin, year, 120);

        var earlier = await GenerationAsync(server, year);
        Assert.Equal((0, 1), (earlier.Current, earlier.OneShardFrom));
        Assert.False(earlier.IsOneShard(0));
        Assert.True(await CountedInAsync(server, FigureShards.KeysOf(Partnership, year, 0, earlier)) > 1, "the deltas went to the earlier shards");
        Assert.Equal(0, await CountedInAsync(server, FigureShards.KeysOf(Partnership, year, 0, oneShard: true)));
        var before = await admin.ReportAsync(year, Orgs.Baoji);
        var audit = await admin.AuditAsync(year, Orgs.Baoji);
        Assert.True((bool)audit["equal"]!, audit.Describe());

        var rebuilt = await admin.RebuildAsync(year, Orgs.Baoji);
        Assert.True((bool)rebuilt["audit"]!["equal"]!, rebuilt.ToJsonString());
        var moved = await GenerationAsync(server, year);
        Assert.True(moved.Current > 0 && moved.IsOneShard(moved.Current), $"current {moved.Current}, one shard from {moved.OneShardFrom}");
        Assert.Equal(1, await CountedInAsync(server, FigureShards.KeysOf(Partnership, year, moved.Current, moved)));
        Assert.True(JsonNode.DeepEquals(before, await admin.ReportAsync(year, Orgs.Baoji)), "the report changed with the layout");

        // Changes after the move count in the one shard; the next rebuild deletes the earlier shards' rows.
        await RebuildJobTests.CreateRecordsAsync(admin, year, 20);
        var again = await admin.RebuildAsync(year, Orgs.Xuzhou);
        Assert.True((bool)again["audit"]!["equal"]!, again.ToJsonString());
        Assert.Equal(0, await CountedInAsync(server, FigureShards.KeysOf(Partnership, year, 0, oneShard: false)));
        foreach (var perspective in new[] { Orgs.Baoji, Orgs.Xuzhou })
        {
            var audited = await admin.AuditAsync(year, perspective);
            Assert.True((bool)audited["equal"]!, audited.Describe());
        }
    }

    private static Task<FiguresGeneration> GenerationAsync(ServerFactory server, int year) =>
        server.Services.GetRequiredService<IGrainFactory>().GetGrain<IFiguresGenerationGrain>(FigureShards.YearKey(Partnership, year)).Get();

    /// <summary>How many of the grains hold totals.</summary>
    private static async Task<int> CountedInAsync(ServerFactory server, IEnumerable<string> keys)
    {
        var grains = server.Services.GetRequiredService<IGrainFactory>();
        var totals = await Task.WhenAll(keys.Select(k => grains.GetGrain<IYearFiguresGrain>(k).GetTotals()));
        return totals.Count(t => t.Count > 0);
    }
}
