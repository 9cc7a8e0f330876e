using Baoji.Exchange.Grains.Storage;

namespace Baoji.Exchange.Grains.Ledger;

/// <summary>
/// Where the rows of an index partition (a collection, an organisation and a year: <see cref="LedgerIndex.PartitionKey"/>)
/// are stored. Every organisation's rows of one collection and year share <see cref="Buckets"/> table partitions, the
/// organisation leading the row key; so the four rows of a visit (two parties, their counties or cities) fall in at most
/// two partitions that every concurrent record writes to, and the group commit sends them together. The earlier
/// layout gave each organisation a table partition of its own: a county's rows then mostly went one request each.
/// </summary>
public static class IndexLayout
{
    /// <summary>
    /// Table partitions per collection and year. Part of every stored key: changing it needs the rows moved. Each
    /// takes about 2,000 rows/s in Azure Storage's targets, 1,000 records/s for the two, far above the ledger's rate.
    /// </summary>
    public const int Buckets = 2;

    /// <summary>The row marking that no row of the earlier layout is left (see <see cref="LedgerIndex.MoveEarlierLayoutAsync"/>).</summary>
    public const string MovedRowKey = "earlier-layout-moved";

    /// <summary>The table partition and the row-key prefix of an index partition's rows.</summary>
    public static (string PartitionKey, string RowPrefix) Of(string serviceId, string partition)
    {
        var (collection, organizationId, year) = LedgerIndex.Parse(partition);
        return ($"{serviceId}|{collection}|{year}|b{Bucket(organizationId)}", organizationId + "|");
    }

    /// <summary>The stored key of the earlier layout's rows of an index partition (the record id was the row key).</summary>
    public static string EarlierPartitionKey(string serviceId, string partition) => $"{serviceId}|{partition}";

    /// <summary>The partition of this service's layout marker (no index partition has two parts).</summary>
    public static string MarkerPartitionKey(string serviceId) => $"{serviceId}|layout";

    /// <summary>The index partition a stored partition key of the earlier layout stands for, or null if it is not one.</summary>
    public static string? EarlierPartitionOf(string serviceId, string storedPartitionKey)
    {
        if (!storedPartitionKey.StartsWith(serviceId + "|", StringComparison.Ordinal))
        {
            return null;
        }

        // Earlier: collection|organisation|year. Now: collection|year|b<bucket>, whose last part is never a number.
        var partition = storedPartitionKey[(serviceId.Length + 1)..];
        var parts = partition.Split('|');
        return parts.Length == 3 && parts[2].Length > 0 && parts[2].All(char.IsAsciiDigit) ? partition : null;
    }

    private static int Bucket(string organizationId) => StableKeys.Bucket(organizationId, Buckets);
}
