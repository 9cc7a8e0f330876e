using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Server.Diagnostics;
using Baoji.Exchange.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Baoji.Exchange.Server.Tests.Figures;

/// <summary>
/// Concurrent deltas to one year's figures grain share table transactions, yet count as if each had come alone:
/// exact sums, old and repeated versions changing nothing, people counted once. Calls the grain directly, with
/// years of its own (2047, 2048 are used by no other figures test), so the totals hold these deltas only.
/// </summary>
[Collection(FiguresCollection.Name)]
public sealed class GroupCommitTests(AzuriteFixture azurite, FailpointServer shared, ITestOutputHelper output) : IClassFixture<FailpointServer>, IDisposable
{
    private const string County = "610324";
    private const int Records = 200;

    private ServerFactory Server => shared.Get(azurite, "batch");

    public void Dispose() => Server.Failpoints().Reset();

    [Fact]
    public async Task Two_hundred_concurrent_deltas_share_transactions_and_sum_exactly()
    {
        // The admin client starts the server; the grain is then reached in process.
        _ = Server.Admin();
        var grain = Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IYearFiguresGrain>("610324-320382/2047/00");
        var counter = Server.Services.GetRequiredService<StorageOperationCounter>();
        var before = counter.Snapshot();

        // Every record once; the first 20 twice more (a repair's repeat); records 20–39 in a version 2 sent with their
        // version 1, the first 200 shuffled so repeats and versions race the originals.
        var calls = Enumerable.Range(0, Records).Select(i => (Id: RecordId(i), Version: 1, Contributions: First(i)))
            .Concat(Enumerable.Range(0, 20).Select(i => (Id: RecordId(i), Version: 1, Contributions: First(i))))
            .Concat(Enumerable.Range(20, 20).Select(i => (Id: RecordId(i), Version: 2, Contributions: Second(i))))
            .OrderBy(_ => Random.Shared.Next()).ToList();
        await Task.WhenAll(calls.Select(c => grain.Apply(c.Id, c.Version, c.Contributions)));

        var expected = Expected(Enumerable.Range(0, Records).Select(i => i is >= 20 and < 40 ? Second(i) : First(i)));
        AssertTotals(expected, await grain.GetTotals());

        var transactions = Count(counter, before, "table transaction");
        output.WriteLine($"{calls.Count} deltas: {transactions} transactions, {Count(counter, before, "table read")} reads");
        Assert.True(transactions < calls.Count / 4, $"{transactions} transactions for {calls.Count} deltas");

        // Older and repeated versions afterwards, all at once: nothing changes.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => grain.Apply(RecordId(i), 1, First(i)))
            .Concat(Enumerable.Range(20, 20).Select(i => grain.Apply(RecordId(i), 2, Second(i)))));
        AssertTotals(expected, await grain.GetTotals());

        var sources = await grain.GetSourcesPage(null, 1000);
        Assert.Equal(Records, sources.Items.Count);
        Assert.All(sources.Items, s => Assert.Equal(s.RecordId.CompareTo(RecordId(20)) >= 0 && s.RecordId.CompareTo(RecordId(40)) < 0 ? 2 : 1, s.Version));
    }

    [Fact]
    public async Task A_batch_committed_without_the_grain_learning_it_is_mended_by_the_repeat()
    {
        _ = Server.Admin();
        var grain = Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IYearFiguresGrain>("610324-320382/2048/00");
        var failpoints = Server.Failpoints();

        // Two transactions are stored, but their callers fail and the cache keeps the totals' old ETag: the next batch
        // fails on it, and each of its deltas goes alone, re-read, as if it had come alone.
        failpoints.Arm(FailpointNames.FiguresInTransaction, FailpointAction.Fail, 2);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Record.ExceptionAsync(() => grain.Apply(RecordId(i), 1, First(i)))));
        Assert.Equal(2, failpoints.Fired[FailpointNames.FiguresInTransaction]);
        Assert.Contains(outcomes, e => e is FailpointException);
        Assert.All(outcomes, e => Assert.True(e is null or FailpointException, e?.ToString()));

        // A repair sends them all again: each counts once.
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => grain.Apply(RecordId(i), 1, First(i))));
        AssertTotals(Expected(Enumerable.Range(0, 100).Select(First)), await grain.GetTotals());
    }

    private static string RecordId(int i) => $"rec-{i:D3}";

    /// <summary>
    /// A visit of the whole partnership and, in the county, of weight i % 3 (zero counts too), with one of 25 people;
    /// so each person is shared by 8 records, whose deltas race for that person's row.
    /// </summary>
    private static Contribution[] First(int i) =>
    [
        new(FigureNames.AllScope, FigureNames.BureauVisits, null, 1),
        new(County, FigureNames.SchoolVisits, null, i % 3),
        new(FigureNames.AllScope, FigureNames.StaffFrom("610300"), $"person-{i % 25:D2}", 1),
        new(County, FigureNames.StaffFrom("610300"), $"person-{i % 25:D2}", 1),
    ];

    /// <summary>The corrected version: a school visit of weight 5 instead, and a person of its own.</summary>
    private static Contribution[] Second(int i) =>
    [
        new(County, FigureNames.SchoolVisits, null, 5),
        new(FigureNames.AllScope, FigureNames.StaffFrom("610300"), $"person-v2-{i:D3}", 1),
        new(County, FigureNames.StaffFrom("610300"), $"person-v2-{i:D3}", 1),
    ];

    /// <summary>scope → figure → value: own weights summed, shared items counted once however many records share them.</summary>
    private static Dictionary<string, Dictionary<string, decimal>> Expected(IEnumerable<Contribution[]> records)
    {
        var all = records.SelectMany(r => r).ToList();
        return all.GroupBy(c => c.Scope, StringComparer.Ordinal).ToDictionary(
            s => s.Key,
            s => s.GroupBy(c => c.Figure, StringComparer.Ordinal).ToDictionary(
                f => f.Key,
                f => f.Any(c => c.ItemKey is not null) ? f.Select(c => c.ItemKey).Distinct(StringComparer.Ordinal).Count() : f.Sum(c => c.Weight),
                StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    private static void AssertTotals(Dictionary<string, Dictionary<string, decimal>> expected, IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> actual)
    {
        static string Describe(IEnumerable<KeyValuePair<string, IEnumerable<KeyValuePair<string, decimal>>>> totals) => string.Join("; ", totals
            .SelectMany(s => s.Value.Where(f => f.Value != 0).Select(f => $"{s.Key}/{f.Key}={f.Value}")).Order(StringComparer.Ordinal));

        Assert.Equal(
            Describe(expected.Select(s => KeyValuePair.Create(s.Key, (IEnumerable<KeyValuePair<string, decimal>>)s.Value))),
            Describe(actual.Select(s => KeyValuePair.Create(s.Key, (IEnumerable<KeyValuePair<string, decimal>>)s.Value))));
    }

    private static long Count(StorageOperationCounter counter, IReadOnlyDictionary<string, long> before, string kind) =>
        counter.Snapshot().GetValueOrDefault(kind) - before.GetValueOrDefault(kind);
}
