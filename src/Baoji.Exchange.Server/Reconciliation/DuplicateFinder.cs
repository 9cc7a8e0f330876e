using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Grains.Reconciliation;

namespace Baoji.Exchange.Server.Reconciliation;

/// <summary>The probable duplicates among a year's counted records, as <see cref="MergeRules.IsProbableDuplicate"/> defines them.</summary>
public static class DuplicateFinder
{
    public static IReadOnlyList<ProbableDuplicate> Find(IEnumerable<LedgerRecord> records)
    {
        var counted = records.Where(r => r.Counts).ToList();
        var found = new List<ProbableDuplicate>();
        foreach (var group in counted.GroupBy(r => (r.Kind, Parties: string.Join("|", r.Body.Parties.Order(StringComparer.Ordinal)))))
        {
            var list = group.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    if (MergeRules.IsProbableDuplicate(list[i], list[j]))
                    {
                        found.Add(new ProbableDuplicate(RecordCollections.NameOf(group.Key.Kind), list[i].Id, list[j].Id, [.. list[i].Body.Parties],
                            "Same parties and kind, overlapping dates, logged by each side."));
                    }
                }
            }
        }

        return found;
    }
}
