using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Figures;

namespace Baoji.Exchange.Server.Reports;

/// <summary>
/// The rebuild path of the year figures: recompute every total from the records with the same counting rules,
/// compare with what is maintained, and (on request) throw the maintained figures away and project every record again.
/// </summary>
public sealed class FiguresAudit(IGrainFactory grains, YearRecords records)
{
    private static readonly RecordKind[] YearKinds = [RecordKind.Visit, RecordKind.StaffExchange, RecordKind.Training];

    public async Task<FiguresComparison> CompareAsync(ReportContext context, CancellationToken cancellationToken)
    {
        var all = await records.ReadAsync(context.Perspective.Id, context.Year, YearKinds, cancellationToken);
        var recomputed = Recompute(all, context.Year);
        var maintained = context.Totals;
        var differences = new List<FigureDifference>();
        foreach (var scope in recomputed.Keys.Union(maintained.Keys))
        {
            var expected = recomputed.GetValueOrDefault(scope) ?? new Dictionary<string, decimal>();
            var actual = maintained.GetValueOrDefault(scope) ?? new Dictionary<string, decimal>();
            foreach (var figure in expected.Keys.Union(actual.Keys))
            {
                var (want, have) = (expected.GetValueOrDefault(figure), actual.GetValueOrDefault(figure));
                if (want != have)
                {
                    differences.Add(new FigureDifference(scope, figure, have, want));
                }
            }
        }

        return new FiguresComparison(context.Year, all.Count, differences);
    }

    /// <summary>The totals of a year computed from scratch: sums of the records' own contributions, distinct shared items.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> Recompute(IEnumerable<LedgerRecord> records, int year)
    {
        var contributions = records.SelectMany(r => FigureRules.ContributionsFor(r, year)).ToList();
        var own = contributions.Where(c => c.ItemKey is null).Select(c => (c.Scope, c.Figure, c.Weight));
        var shared = contributions.Where(c => c.ItemKey is not null).Select(c => (c.Scope, c.Figure, c.ItemKey)).Distinct().Select(c => (c.Scope, c.Figure, Weight: 1m));
        return own.Concat(shared)
            .GroupBy(c => c.Scope, StringComparer.Ordinal)
            .ToDictionary(
                s => s.Key,
                s => (IReadOnlyDictionary<string, decimal>)s.GroupBy(c => c.Figure, StringComparer.Ordinal)
                    .Select(f => (f.Key, Sum: f.Sum(c => c.Weight)))
                    .Where(f => f.Sum != 0)
                    .ToDictionary(f => f.Key, f => f.Sum, StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    /// <summary>Clears the maintained figures of the year and projects every record of the year again.</summary>
    public async Task<int> RebuildAsync(ReportContext context, CancellationToken cancellationToken)
    {
        await Task.WhenAll(FigureShards.KeysOf(context.Partnership, context.Year).Select(k => grains.GetGrain<IYearFiguresGrain>(k).Reset()));
        var all = await records.ReadAsync(context.Perspective.Id, context.Year, YearKinds, cancellationToken);
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (record, _) => await grains.GetGrain<IRecordGrain>(record.Id).Reproject());
        return all.Count;
    }
}

/// <summary>A maintained total that differs from the one recomputed from the records.</summary>
public sealed record FigureDifference(string Scope, string Figure, decimal Maintained, decimal Recomputed);

public sealed record FiguresComparison(int Year, int Records, IReadOnlyList<FigureDifference> Differences)
{
    public bool Equal => Differences.Count == 0;
}
