using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Grains.Reconciliation;

namespace Baoji.Exchange.Server.Reconciliation;

/// <summary>The probable duplicates among a year's counted records, as <see cref="MergeRules.IsProbableDuplicate"/> defines them.</summary>
public static class DuplicateFinder
{
    /// <summary>
    /// Only records of one kind and the same parties can be duplicates, and only when their dates overlap: so each
    /// group is swept in order of start date and a record is compared with those starting before it ends, not with
    /// every other record of the year.
    /// </summary>
    public static IReadOnlyList<ProbableDuplicate> Find(IEnumerable<LedgerRecord> records)
    {
        var found = new List<ProbableDuplicate>();
        var groups = records.Where(r => r.Counts)
            .GroupBy(r => (r.Kind, Parties: string.Join("|", r.Body.Parties.Order(StringComparer.Ordinal))));
        foreach (var group in groups)
        {
            var byStart = group.OrderBy(r => r.Body.Start).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            for (var i = 0; i < byStart.Count; i++)
            {
                var end = byStart[i].Body.End ?? DateOnly.MaxValue;
                for (var j = i + 1; j < byStart.Count && byStart[j].Body.Start <= end; j++)
                {
                    if (MergeRules.IsProbableDuplicate(byStart[i], byStart[j]))
                    {
                        var (first, second) = string.CompareOrdinal(byStart[i].Id, byStart[j].Id) < 0 ? (byStart[i], byStart[j]) : (byStart[j], byStart[i]);
                        found.Add(new ProbableDuplicate(RecordCollections.NameOf(group.Key.Kind), first.Id, second.Id, [.. first.Body.Parties],
                            "Same parties and kind, overlapping dates, logged by each side."));
                    }
                }
            }
        }

        return [.. found.OrderBy(d => d.FirstId, StringComparer.Ordinal).ThenBy(d => d.SecondId, StringComparer.Ordinal)];
    }
}
