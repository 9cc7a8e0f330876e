using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Diagnostics;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// Sends a record's contributions to the figure grains it counts in. Targets are "&lt;partnership&gt;/&lt;year&gt;/&lt;shard&gt;"
/// for year figures (see <see cref="FigureShards"/>) and "agreements:&lt;partnership&gt;" for the agreement register. A target the record no longer
/// counts in gets an empty delta, so a correction that moves a visit to another year leaves the old year. A year target
/// is written in every generation of that year's figures in use: the current one and, during a rebuild, the one built.
/// </summary>
public sealed class FiguresProjection(IGrainFactory grains)
{
    private const string AgreementsPrefix = "agreements:";

    public static string AgreementsTarget(string partnership) => AgreementsPrefix + partnership;

    public static bool IsAgreements(string target) => target.StartsWith(AgreementsPrefix, StringComparison.Ordinal);

    public static IReadOnlyList<string> TargetsOf(LedgerRecord record)
    {
        var partnership = FigureRules.PartnershipOf(record);
        return record.Kind == RecordKind.Agreement
            ? [AgreementsTarget(partnership)]
            : [.. FigureRules.YearsOf(record.Body).Select(y => FigureShards.Key(partnership, y, FigureShards.ShardOf(record)))];
    }

    public async Task ProjectAsync(LedgerRecord record, IReadOnlyList<string> targets)
    {
        var current = TargetsOf(record);
        var all = targets.Union(current).ToList();
        // Asked now, after the record's state write, and never cached: a rebuild that starts after this read lists the
        // stored state itself, and one that started before it gets this delta in the generation it builds.
        var years = all.Where(t => !IsAgreements(t)).Select(FigureShards.YearKeyOf).Distinct().ToList();
        var generations = (await Task.WhenAll(years.Select(y => grains.GetGrain<IFiguresGenerationGrain>(y).Get())))
            .Select((g, i) => (Year: years[i], Generation: g))
            .ToDictionary(g => g.Year, g => g.Generation, StringComparer.Ordinal);
        var deltas = new List<Task>();
        // One delta per grain: where a year is kept in one shard, a staff placement that moved between the earlier
        // layout's shards (its person corrected) names two targets of one grain, and the one it counts in wins.
        var yearDeltas = new Dictionary<string, IReadOnlyList<Contribution>>(StringComparer.Ordinal);
        foreach (var target in all)
        {
            var counts = current.Contains(target);
            if (IsAgreements(target))
            {
                var entry = FigureRules.AgreementEntryOf(record);
                deltas.Add(grains.GetGrain<IAgreementRegisterGrain>(target[AgreementsPrefix.Length..])
                    .Apply(record.Id, record.Version, counts ? entry : entry! with { Counts = false }));
                continue;
            }

            var year = generations[FigureShards.YearKeyOf(target)];
            foreach (var generation in year.Written)
            {
                var key = FigureShards.GrainKeyOf(target, generation, year.IsOneShard(generation));
                if (counts || !yearDeltas.ContainsKey(key))
                {
                    yearDeltas[key] = counts ? FigureRules.ContributionsFor(record, FigureShards.YearOf(target)) : [];
                }
            }
        }

        var agreements = deltas.Count;
        deltas.AddRange(yearDeltas.Select(d => grains.GetGrain<IYearFiguresGrain>(d.Key).Apply(record.Id, record.Version, d.Value)));
        await Task.WhenAll(deltas);
        CountDeltas("agreements", "projection", agreements);
        CountDeltas("year", "projection", yearDeltas.Count);
    }

    /// <summary>
    /// A rebuild's delta: what the record contributes to one year, sent to one generation of it (its own shard there).
    /// Versioned like every delta, so a newer change that reached the generation first is not undone.
    /// </summary>
    public async Task ProjectYearAsync(LedgerRecord record, int year, int generation, bool oneShard)
    {
        var target = FigureShards.Key(FigureRules.PartnershipOf(record), year, FigureShards.ShardOf(record));
        await grains.GetGrain<IYearFiguresGrain>(FigureShards.GrainKeyOf(target, generation, oneShard))
            .Apply(record.Id, record.Version, FigureRules.ContributionsFor(record, year));
        CountDeltas("year", "rebuild", 1);
    }

    private static void CountDeltas(string target, string source, int count)
    {
        if (count > 0)
        {
            BaojiTelemetry.FigureDeltasApplied.Add(count, new("target", target), new("source", source));
        }
    }
}
