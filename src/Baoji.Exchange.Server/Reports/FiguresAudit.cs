using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Figures;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Ledger;

namespace Baoji.Exchange.Server.Reports;

/// <summary>
/// Compares what a year's report rests on with the records' stored state (not with the index the same projection
/// writes, which cannot show a projection that was lost): the maintained totals and each record's contributions, the
/// perspective city's index rows of the year, and the partnership's agreement register.
/// </summary>
public sealed class FiguresAudit(IGrainFactory grains, StoredRecords stored, LedgerIndex index, IndexAudit indexAudit, AgreementsAudit agreementsAudit)
{
    private const int SourcesPageSize = 1000;

    public async Task<FiguresComparison> CompareAsync(ReportContext context, CancellationToken cancellationToken)
    {
        var truth = await YearTruth.ReadAsync(stored, index, context.Partnership, context.Year, [context.Perspective.Id], null, cancellationToken);
        var differences = new List<AuditDifference>();
        differences.AddRange(CompareTotals(Recompute(truth.Sources.Values.SelectMany(s => s.Contributions)), context.Totals));
        differences.AddRange(await CompareSourcesAsync(context, truth));
        differences.AddRange((await indexAudit.CompareAsync(truth, cancellationToken)).Select(f => f.Difference));
        differences.AddRange((await agreementsAudit.CompareAsync(truth)).Select(f => f.Difference));
        return new FiguresComparison(context.Year, truth.Sources.Count, differences, differences.Count);
    }

    /// <summary>The totals of a year computed from scratch: sums of the records' own contributions, distinct shared items.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> Recompute(IEnumerable<LedgerRecord> records, int year) =>
        Recompute(records.SelectMany(r => FigureRules.ContributionsFor(r, year)));

    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> Recompute(IEnumerable<Contribution> contributions)
    {
        var all = contributions.ToList();
        var own = all.Where(c => c.ItemKey is null).Select(c => (c.Scope, c.Figure, c.Weight));
        var shared = all.Where(c => c.ItemKey is not null).Select(c => (c.Scope, c.Figure, c.ItemKey)).Distinct().Select(c => (c.Scope, c.Figure, Weight: 1m));
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

    private static IEnumerable<AuditDifference> CompareTotals(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> recomputed,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> maintained)
    {
        foreach (var scope in recomputed.Keys.Union(maintained.Keys).Order(StringComparer.Ordinal))
        {
            var expected = recomputed.GetValueOrDefault(scope) ?? new Dictionary<string, decimal>();
            var actual = maintained.GetValueOrDefault(scope) ?? new Dictionary<string, decimal>();
            foreach (var figure in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
            {
                var (want, have) = (expected.GetValueOrDefault(figure), actual.GetValueOrDefault(figure));
                if (want != have)
                {
                    yield return AuditDifference.Total(scope, figure, have, want);
                }
            }
        }
    }

    /// <summary>
    /// Each record's contributions as the shards of the current generation last applied them, against what its stored
    /// state contributes: names the records behind a wrong total (and finds wrong records whose errors cancel out).
    /// </summary>
    private async Task<IReadOnlyList<AuditDifference>> CompareSourcesAsync(ReportContext context, YearTruth truth)
    {
        var differences = new List<AuditDifference>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shards = context.FigureKeys;
        for (var shard = 0; shard < shards.Count; shard++)
        {
            var figures = grains.GetGrain<IYearFiguresGrain>(shards[shard]);
            for (string? after = null; ;)
            {
                var page = await figures.GetSourcesPage(after, SourcesPageSize);
                foreach (var source in page.Items)
                {
                    var expected = truth.Sources.GetValueOrDefault(source.RecordId);
                    // In one shard every record is here; in the earlier layout's 16, in the shard of its own.
                    var here = expected is not null && (shards.Count == 1 || expected.Shard == shard);
                    if (here)
                    {
                        seen.Add(source.RecordId);
                    }

                    if (!Same(source.Contributions, here ? expected!.Contributions : []))
                    {
                        differences.Add(AuditDifference.OfRecord(AuditDifferenceKind.Figure, source.RecordId,
                            $"shard {shard:D2} has version {source.Version} counting {Describe(source.Contributions)}; {Stored(truth, source.RecordId, here ? expected : null)}"));
                    }
                }

                if ((after = page.Last) is null)
                {
                    break;
                }
            }
        }

        foreach (var (recordId, expected) in truth.Sources.Where(s => s.Value.Contributions.Count > 0 && !seen.Contains(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            differences.Add(AuditDifference.OfRecord(AuditDifferenceKind.Figure, recordId,
                $"{(shards.Count == 1 ? "the year's figures have" : $"shard {expected.Shard:D2} has")} nothing of it; {Stored(truth, recordId, expected)}"));
        }

        return differences;
    }

    private static string Stored(YearTruth truth, string recordId, ExpectedSource? expected) =>
        truth.Versions.TryGetValue(recordId, out var version)
            ? $"the stored record (version {version}) counts {Describe(expected?.Contributions ?? [])}"
            : "no such record is stored";

    private static bool Same(IReadOnlyList<Contribution> a, IReadOnlyList<Contribution> b) =>
        a.Count == b.Count && Sorted(a).SequenceEqual(Sorted(b));

    private static IEnumerable<Contribution> Sorted(IEnumerable<Contribution> contributions) =>
        contributions.OrderBy(c => c.Scope, StringComparer.Ordinal).ThenBy(c => c.Figure, StringComparer.Ordinal)
            .ThenBy(c => c.ItemKey, StringComparer.Ordinal).ThenBy(c => c.Weight);

    private static string Describe(IReadOnlyList<Contribution> contributions) => contributions.Count == 0
        ? "nothing"
        : string.Join(", ", Sorted(contributions).Select(c => FormattableString.Invariant($"{c.Figure}{(c.ItemKey is null ? "" : $"[{c.ItemKey}]")} in {c.Scope} = {c.Weight}")));
}
