using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Grains.Figures;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Baoji.Exchange.Grains.Tests.Figures;

/// <summary>The rows one group-committed transaction writes for several records' deltas, without storage.</summary>
public sealed class FigureBatchTests
{
    private const string Partition = "svc_610324-320382_2047_00";
    private const string Person = "staff.from.610300";

    private static readonly Serializer s_serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(Contribution).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>();

    private static readonly IReadOnlyDictionary<string, TableEntity?> s_noRows = new Dictionary<string, TableEntity?>();

    [Fact]
    public void Records_of_one_scope_cost_a_source_row_each_and_one_totals_row_with_their_sum()
    {
        var cached = new Dictionary<string, FigureTotals>
        {
            ["all"] = new(new Dictionary<string, decimal> { ["visits.bureau"] = 10, ["trainings"] = 2 }, new ETag("W/\"totals\"")),
        };
        var batch = new FigureBatch(Partition, s_serializer, cached);
        var stored = Source("rec-b", 1, [new("all", "visits.bureau", null, 1)], "W/\"rec-b\"");

        Assert.True(Add(batch, "rec-a", 1, [new("all", "visits.bureau", null, 1)]));
        Assert.True(Add(batch, "rec-b", 2, [new("all", "visits.bureau", null, 3)], stored));
        Assert.True(Add(batch, "rec-c", 1, [new("all", "visits.bureau", null, 1), new("610324", "visits.school", null, 2)]));
        var (actions, totals) = batch.Build();

        Assert.Equal(5, actions.Count);
        Assert.Equal(
            [(TableTransactionActionType.Add, "src|rec-a"), (TableTransactionActionType.UpdateReplace, "src|rec-b"), (TableTransactionActionType.Add, "src|rec-c")],
            actions.Take(3).Select(a => (a.ActionType, a.Entity.RowKey)));
        Assert.Equal(new ETag("W/\"rec-b\""), actions[1].ETag);

        var all = totals.Single(t => t.Scope == "all");
        Assert.Equal(TableTransactionActionType.UpdateReplace, actions[all.Index].ActionType);
        Assert.Equal(new ETag("W/\"totals\""), actions[all.Index].ETag);
        Assert.Equal(10 + 1 + (3 - 1) + 1, all.Values["visits.bureau"]);
        Assert.Equal(2, all.Values["trainings"]);
        Assert.Equal(all.Values, s_serializer.Deserialize<Dictionary<string, decimal>>(((TableEntity)actions[all.Index].Entity).GetBinary("Values")));

        var county = totals.Single(t => t.Scope == "610324");
        Assert.Equal(TableTransactionActionType.Add, actions[county.Index].ActionType);
        Assert.Equal(2, county.Values["visits.school"]);
        Assert.Equal(10, cached["all"].Values["visits.bureau"]);
    }

    [Fact]
    public void A_person_is_counted_while_a_record_contributes_them()
    {
        var batch = new FigureBatch(Partition, s_serializer, new Dictionary<string, FigureTotals>());
        Contribution[] joins = [new("all", Person, "p-1", 1)];
        var items = FigureBatch.ChangedItems([], joins);
        Assert.Equal([new ChangedItem("all", Person, "p-1", Adding: true)], items);

        // rec-b joins a person rec-a brought already; rec-c leaves the person it alone brought.
        var shared = Row(items[0].RowKey, ["rec-a"], "W/\"p-1\"");
        Assert.True(batch.TryAdd("rec-b", 1, joins, null, [], items, new Dictionary<string, TableEntity?> { [items[0].RowKey] = shared }));
        Contribution[] left = [new("all", Person, "p-2", 1)];
        var leaving = FigureBatch.ChangedItems(left, []);
        var alone = Row(leaving[0].RowKey, ["rec-c"], "W/\"p-2\"");
        Assert.True(batch.TryAdd("rec-c", 2, [], Source("rec-c", 1, left, "W/\"rec-c\""), left, leaving,
            new Dictionary<string, TableEntity?> { [leaving[0].RowKey] = alone }));
        var (actions, totals) = batch.Build();

        var joined = actions.Single(a => a.Entity.RowKey == items[0].RowKey);
        Assert.Equal((TableTransactionActionType.UpdateReplace, new ETag("W/\"p-1\"")), (joined.ActionType, joined.ETag));
        Assert.Equal(["rec-a", "rec-b"], s_serializer.Deserialize<List<string>>(((TableEntity)joined.Entity).GetBinary("Refs")));
        var removed = actions.Single(a => a.Entity.RowKey == leaving[0].RowKey);
        Assert.Equal((TableTransactionActionType.Delete, new ETag("W/\"p-2\"")), (removed.ActionType, removed.ETag));
        Assert.Equal(-1, totals.Single().Values[Person]);
    }

    [Fact]
    public void A_batch_stops_at_one_hundred_actions_but_takes_its_first_delta_whatever_it_costs()
    {
        var batch = new FigureBatch(Partition, s_serializer, new Dictionary<string, FigureTotals>());
        var added = 0;
        while (Add(batch, $"rec-{added}", 1, [new("all", "visits.bureau", null, 1), new($"scope-{added % 3}", "visits.school", null, 1)]))
        {
            added++;
        }

        // 96 source rows and 4 totals rows ("all" and three county scopes).
        Assert.Equal(96, added);
        Assert.Equal(100, batch.Build().Actions.Count);

        var people = Enumerable.Range(0, 120).Select(i => new Contribution("all", Person, $"p-{i}", 1)).ToList();
        var big = new FigureBatch(Partition, s_serializer, new Dictionary<string, FigureTotals>());
        Assert.True(big.TryAdd("rec-big", 1, people, null, [], FigureBatch.ChangedItems([], people), s_noRows));
        Assert.False(Add(big, "rec-next", 1, [new("all", "visits.bureau", null, 1)]));
        Assert.Equal(1, big.Count);
    }

    private static bool Add(FigureBatch batch, string recordId, int version, Contribution[] contributions, TableEntity? source = null)
    {
        var old = source is null ? [] : s_serializer.Deserialize<List<Contribution>>(source.GetBinary("Contributions"))!;
        return batch.TryAdd(recordId, version, contributions, source, old, FigureBatch.ChangedItems(old, contributions), s_noRows);
    }

    private static TableEntity Source(string recordId, int version, Contribution[] contributions, string etag) =>
        new(Partition, FigureRows.Source(recordId))
        {
            ["Version"] = version,
            ["Contributions"] = s_serializer.SerializeToArray(contributions.ToList()),
            ETag = new ETag(etag),
        };

    private static TableEntity Row(string rowKey, List<string> refs, string etag) =>
        new(Partition, rowKey) { ["Refs"] = s_serializer.SerializeToArray(refs), ETag = new ETag(etag) };
}
