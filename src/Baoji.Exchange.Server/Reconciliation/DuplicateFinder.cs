using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;

namespace Baoji.Exchange.Server.Reconciliation;

/// <summary>
/// Probable duplicates: the same two parties, the same kind, overlapping dates, logged separately by each side
/// (each side's clerk logged the same delegation). Staff placements must also be of the same person.
/// </summary>
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
                    if (IsProbableDuplicate(list[i], list[j]))
                    {
                        found.Add(new ProbableDuplicate(RecordCollections.NameOf(group.Key.Kind), list[i].Id, list[j].Id, [.. list[i].Body.Parties],
                            "Same parties and kind, overlapping dates, logged by each side."));
                    }
                }
            }
        }

        return found;
    }

    public static bool IsProbableDuplicate(LedgerRecord a, LedgerRecord b) =>
        a.Kind == b.Kind
        && a.Body.Parties.Order(StringComparer.Ordinal).SequenceEqual(b.Body.Parties.Order(StringComparer.Ordinal))
        && Overlap(a.Body, b.Body)
        && Side(a) != Side(b)
        && SamePerson(a.Body, b.Body);

    private static bool SamePerson(RecordBody a, RecordBody b) =>
        a is StaffExchangeBody x && b is StaffExchangeBody y ? x.PersonRef == y.PersonRef && x.HomeOrgId == y.HomeOrgId : true;

    private static bool Overlap(RecordBody a, RecordBody b) =>
        a.Start <= (b.End ?? DateOnly.MaxValue) && b.Start <= (a.End ?? DateOnly.MaxValue);

    private static Contracts.Registry.Province? Side(LedgerRecord record) =>
        record.Parties.FirstOrDefault(p => p.Lineage().Contains(record.LoggedBy))?.Province;
}
