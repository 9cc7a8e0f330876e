using System.Collections.Concurrent;
using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Grains.Ledger;
using Baoji.Exchange.Server.Registry;

namespace Baoji.Exchange.Server.Reports;

/// <summary>
/// The ledger index of a year against the records' stored state: every record listed in a partition of the cities'
/// organisations has its row there at its current version and status, and no other row is there. The partitions read
/// are those of every organisation the registry has under the cities, and of every party of a record.
/// </summary>
public sealed class IndexAudit(LedgerIndex index, RegistryReader registry)
{
    private const int Parallelism = 8;

    private static readonly string[] Collections = [.. Enum.GetValues<RecordKind>().Select(RecordCollections.NameOf)];

    public async Task<IReadOnlyList<IndexFinding>> CompareAsync(YearTruth truth, CancellationToken cancellationToken)
    {
        var organizations = new HashSet<string>(truth.Rows.Keys.Select(k => LedgerIndex.Parse(k.Partition).OrganizationId), StringComparer.Ordinal);
        foreach (var city in truth.Cities)
        {
            organizations.UnionWith(await UnderAsync(city));
        }

        var partitions = organizations.SelectMany(o => Collections.Select(c => LedgerIndex.PartitionKey(c, o, truth.Year)));
        var rows = new ConcurrentDictionary<(string Partition, string RecordId), IndexRow>();
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (partition, token) =>
            {
                await foreach (var row in index.ScanRowsAsync(partition, token))
                {
                    rows[(partition, row.RecordId)] = row;
                }
            });

        var findings = new List<IndexFinding>();
        foreach (var ((partition, recordId), expected) in truth.Rows)
        {
            var stored = $"the stored record is at version {expected.Version}, {expected.Status}";
            if (!rows.TryGetValue((partition, recordId), out var row))
            {
                findings.Add(Finding(recordId, partition, $"no row; {stored}", null));
            }
            else if (row.Version != expected.Version || row.Status != expected.Status.ToString())
            {
                findings.Add(Finding(recordId, partition, $"row at version {row.Version}, {row.Status}; {stored}", null));
            }
        }

        foreach (var ((partition, recordId), row) in rows.Where(r => !truth.Rows.ContainsKey(r.Key)))
        {
            findings.Add(Finding(recordId, partition, truth.Versions.TryGetValue(recordId, out var version)
                ? $"row at version {row.Version}, {row.Status}; the stored record (version {version}) is not listed here"
                : $"row at version {row.Version}, {row.Status}; no such record is stored", row));
        }

        return [.. findings.OrderBy(f => f.Difference.RecordId, StringComparer.Ordinal).ThenBy(f => f.Difference.Partition, StringComparer.Ordinal)];
    }

    private static IndexFinding Finding(string recordId, string partition, string detail, IndexRow? stray) =>
        new(AuditDifference.OfRecord(AuditDifferenceKind.Index, recordId, detail, partition), stray);

    /// <summary>The city and the organisations under it: its counties and their schools.</summary>
    private async Task<IEnumerable<string>> UnderAsync(string cityId)
    {
        var all = new List<string> { cityId };
        IReadOnlyList<string> level = [cityId];
        for (var depth = 0; depth < 2; depth++)
        {
            var children = await Task.WhenAll(level.Select(id => registry.ListAsync(null, id)));
            level = [.. children.SelectMany(c => c).Select(o => o.Id)];
            all.AddRange(level);
        }

        return all;
    }
}

/// <param name="Stray">The row, when it is one that should not be there (a rebuild deletes it unless it changed since).</param>
public sealed record IndexFinding(AuditDifference Difference, IndexRow? Stray);
