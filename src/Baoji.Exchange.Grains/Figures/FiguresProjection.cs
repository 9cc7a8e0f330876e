using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// Sends a record's contributions to the figure grains it counts in. Targets are "&lt;partnership&gt;/&lt;year&gt;/&lt;shard&gt;"
/// for year figures (see <see cref="FigureShards"/>) and "agreements:&lt;partnership&gt;" for the agreement register. A target the record no longer
/// counts in gets an empty delta, so a correction that moves a visit to another year leaves the old year.
/// </summary>
public sealed class FiguresProjection(IGrainFactory grains)
{
    private const string AgreementsPrefix = "agreements:";

    public static IReadOnlyList<string> TargetsOf(LedgerRecord record)
    {
        var partnership = FigureRules.PartnershipOf(record);
        return record.Kind == RecordKind.Agreement
            ? [AgreementsPrefix + partnership]
            : [.. FigureRules.YearsOf(record.Body).Select(y => FigureShards.Key(partnership, y, FigureShards.ShardOf(record)))];
    }

    public Task ProjectAsync(LedgerRecord record, IReadOnlyList<string> targets)
    {
        var current = TargetsOf(record);
        return Task.WhenAll(targets.Union(current).Select(target =>
        {
            var counts = current.Contains(target);
            if (target.StartsWith(AgreementsPrefix, StringComparison.Ordinal))
            {
                var entry = FigureRules.AgreementEntryOf(record);
                return grains.GetGrain<IAgreementRegisterGrain>(target[AgreementsPrefix.Length..])
                    .Apply(record.Id, record.Version, counts ? entry : entry! with { Counts = false });
            }

            var year = FigureShards.YearOf(target);
            return grains.GetGrain<IYearFiguresGrain>(target)
                .Apply(record.Id, record.Version, counts ? FigureRules.ContributionsFor(record, year) : []);
        }));
    }
}
