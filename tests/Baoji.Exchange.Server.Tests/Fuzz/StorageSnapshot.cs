using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Baoji.Exchange.Server.Tests.Fuzz;

/// <summary>
/// Everything one service has stored, read straight from Azurite: each grain state blob, each agreement scan and each
/// row of the record-state, figure, index and pending-projection tables, by name and ETag. Two equal snapshots mean nothing was
/// written in between, not even a rewrite of the same content.
/// </summary>
public sealed record StorageSnapshot(IReadOnlyDictionary<string, string> Items)
{
    private static readonly string[] Tables = ["BaojiFigures", "BaojiGrainState", "BaojiLedgerIndex", "BaojiPendingProjections"];

    public static async Task<StorageSnapshot> TakeAsync(string connectionString, string serviceId)
    {
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        var blobs = new BlobServiceClient(connectionString);
        foreach (var name in new[] { $"grains-{serviceId}", "agreement-documents" })
        {
            var container = blobs.GetBlobContainerClient(name);
            if (!await container.ExistsAsync())
            {
                continue;
            }

            await foreach (var blob in container.GetBlobsAsync())
            {
                items[$"{name}/{blob.Name}"] = blob.Properties.ETag?.ToString() ?? "";
            }
        }

        var tables = new TableServiceClient(connectionString);
        foreach (var name in Tables)
        {
            var table = tables.GetTableClient(name);
            try
            {
                // Partitions of this service start with its id (then '|' or '_'); other services share the table.
                var filter = TableClient.CreateQueryFilter($"PartitionKey ge {serviceId} and PartitionKey lt {serviceId + "~"}");
                await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"]))
                {
                    items[$"{name}/{row.PartitionKey}/{row.RowKey}"] = row.ETag.ToString();
                }
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // The table is created on first use.
            }
        }

        return new StorageSnapshot(items);
    }

    /// <summary>How many items there are of each kind: the grain type of a state blob, or the table of a row.</summary>
    public IReadOnlyDictionary<string, int> Counts() => Items.Keys
        .GroupBy(k => k.StartsWith("grains-", StringComparison.Ordinal) ? k.Split('/')[1] : k.Split('/')[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Items added, removed or rewritten since <paramref name="before"/>.</summary>
    public IReadOnlyList<string> ChangesSince(StorageSnapshot before) =>
    [
        .. Items.Where(i => !before.Items.TryGetValue(i.Key, out var etag) || etag != i.Value).Select(i => $"written: {i.Key}"),
        .. before.Items.Keys.Where(k => !Items.ContainsKey(k)).Select(k => $"removed: {k}"),
    ];
}
