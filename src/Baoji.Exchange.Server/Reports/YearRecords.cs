using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;

namespace Baoji.Exchange.Server.Reports;

/// <summary>
/// Every record of a year under a city, read from the ledger index (for reconciliation), never for the report. The
/// audit and the rebuild read the records' stored state instead (<see cref="YearTruth"/>): the index is a projection.
/// </summary>
public sealed class YearRecords(LedgerIndex index)
{
    public async Task<IReadOnlyList<LedgerRecord>> ReadAsync(string cityId, int year, IEnumerable<RecordKind> kinds, CancellationToken cancellationToken)
    {
        var records = new Dictionary<string, LedgerRecord>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            await foreach (var record in index.ScanAsync(LedgerIndex.PartitionKey(RecordCollections.NameOf(kind), cityId, year), cancellationToken))
            {
                records[record.Id] = record;
            }
        }

        return [.. records.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];
    }
}
