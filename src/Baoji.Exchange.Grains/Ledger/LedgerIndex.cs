using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Contracts.Ledger;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Baoji.Exchange.Grains.Ledger;

/// <summary>
/// Records listed by organisation and year: one table row per (collection, organisation, year) and record, for
/// each party and the county and city above it. Rows hold the record without its history, so a list page is one
/// query. Records thus live in rows of their own, and no grain state grows with their number. Like Orleans' grain
/// state, the rows are kept per service id, so two deployments on one storage account do not list each other's records.
/// </summary>
public sealed class LedgerIndex(TableServiceClient tables, Serializer serializer, TimeProvider time, IOptions<ClusterOptions> cluster)
{
    public const string TableName = "BaojiLedgerIndex";

    private readonly TableClient _table = tables.GetTableClient(TableName);
    private readonly PartitionGroupCommit _writes = new(tables.GetTableClient(TableName));
    private readonly string _serviceId = cluster.Value.ServiceId;
    private volatile bool _created;

    public static string PartitionKey(string collection, string organizationId, int year) => $"{collection}|{organizationId}|{year}";

    /// <summary>The partitions the record belongs in now.</summary>
    public IReadOnlyList<string> PartitionsOf(LedgerRecord record)
    {
        var collection = RecordCollections.NameOf(record.Kind);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var organizations = record.Parties.SelectMany(p => p.Lineage()).Distinct();
        return [.. organizations.SelectMany(o => RecordCollections.YearsOf(record.Body, today).Select(y => PartitionKey(collection, o, y)))];
    }

    /// <summary>
    /// Upserts the record's rows and deletes those of partitions it left; returns the partitions now used. The rows go
    /// through a group commit: concurrent records listed in one partition (their city's year) share a transaction.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteAsync(LedgerRecord record, IReadOnlyList<string> previous)
    {
        await EnsureTableAsync();
        var partitions = PartitionsOf(record);
        var payload = serializer.SerializeToArray(record with { History = [] });
        var writes = partitions.Select(pk => (Task)_writes.UpsertAsync(new TableEntity(Stored(pk), record.Id)
        {
            ["Status"] = record.Status.ToString(),
            ["Version"] = record.Version,
            ["Record"] = payload,
        }));
        // Deletes stay single requests: one of a row already gone (404) would fail a shared transaction.
        var deletes = previous.Except(partitions).Select(pk => (Task)DeleteIfPresentAsync(pk, record.Id));
        await Task.WhenAll(writes.Concat(deletes));
        return partitions;
    }

    /// <summary>
    /// One page of a partition in id order, from the record after <paramref name="afterId"/>. The page's
    /// continuation is the id of its last record, not the storage SDK's opaque token: a token a client made up is
    /// then only an id, checked as one, instead of something storage would answer with an error.
    /// </summary>
    public async Task<IndexPage> ListAsync(string partition, string? status, int pageSize, string? afterId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Stored(partition)}");
        if (afterId is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {afterId}");
        }

        if (status is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status}");
        }

        // One more than a page tells whether another page follows.
        var records = new List<LedgerRecord>(pageSize + 1);
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, Math.Min(pageSize + 1, 1000), ["Record"], cancellationToken))
        {
            records.Add(serializer.Deserialize<LedgerRecord>(entity.GetBinary("Record"))!);
            if (records.Count > pageSize)
            {
                records.RemoveAt(pageSize);
                return new IndexPage(records, records[^1].Id);
            }
        }

        return new IndexPage(records, null);
    }

    /// <summary>Every record id of one partition (for rebuilds and reports' drill-downs).</summary>
    public async IAsyncEnumerable<LedgerRecord> ScanAsync(string partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListAsync(partition, null, 1000, token, cancellationToken);
            foreach (var record in page.Records)
            {
                yield return record;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>The rows of one partition with their version and status only (for the audit).</summary>
    public async IAsyncEnumerable<IndexRow> ScanRowsAsync(string partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Stored(partition)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, 1000, ["RowKey", "Version", "Status"], cancellationToken))
        {
            yield return new IndexRow(partition, row.RowKey, row.GetInt32("Version") ?? 0, row.GetString("Status") ?? "", row.ETag);
        }
    }

    /// <summary>Deletes a row the audit found where it does not belong, unless it changed since (a newer version wrote it): false then.</summary>
    public async Task<bool> DeleteRowAsync(IndexRow row)
    {
        await EnsureTableAsync();
        try
        {
            await _table.DeleteEntityAsync(Stored(row.Partition), row.RecordId, row.ETag);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>The year and organisation of a partition written by <see cref="PartitionKey"/>.</summary>
    public static (string Collection, string OrganizationId, int Year) Parse(string partition)
    {
        var parts = partition.Split('|');
        return (parts[0], parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<Response?> DeleteIfPresentAsync(string partition, string rowKey)
    {
        try
        {
            return await _table.DeleteEntityAsync(Stored(partition), rowKey, ETag.All);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The table partition key of a partition: the service id, then the partition.</summary>
    private string Stored(string partition) => $"{_serviceId}|{partition}";

    private async Task EnsureTableAsync()
    {
        if (!_created)
        {
            await _table.CreateIfNotExistsAsync();
            _created = true;
        }
    }
}

public sealed record IndexPage(IReadOnlyList<LedgerRecord> Records, string? ContinuationToken);

/// <summary>A stored index row as the audit sees it: which record, at which version and status, and its tag for a guarded delete.</summary>
public sealed record IndexRow(string Partition, string RecordId, int Version, string Status, ETag ETag);
