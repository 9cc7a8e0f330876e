using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Contracts.Ledger;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Baoji.Exchange.Grains.Storage;
using Orleans.Serialization;
using System.Runtime.CompilerServices;

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
    private volatile bool _earlierGone;
    private long _earlierCheckedUntilTicks;

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
    /// through a group commit: concurrent records listed in one table partition (a collection's year, see
    /// <see cref="IndexLayout"/>) share a transaction, and a record's own rows there go in one.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteAsync(LedgerRecord record, IReadOnlyList<string> previous)
    {
        await EnsureTableAsync();
        var partitions = PartitionsOf(record);
        var payload = serializer.SerializeToArray(record with { History = [] });
        var rows = partitions.Select(partition =>
        {
            var (pk, prefix) = IndexLayout.Of(_serviceId, partition);
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pk, prefix + record.Id)
            {
                ["Status"] = record.Status.ToString(),
                ["Version"] = record.Version,
                ["Record"] = payload,
            });
        });
        var writes = rows.GroupBy(r => r.Entity.PartitionKey, StringComparer.Ordinal).Select(g => _writes.WriteAllAsync([.. g]));
        // Deletes stay single requests: one of a row already gone (404) would fail a shared transaction. A row the
        // earlier layout left there goes too, or moving it later would bring it back.
        var left = previous.Except(partitions).ToList();
        var earlierLeft = left.Count > 0 && !await EarlierLayoutGoneAsync() ? left : [];
        var deletes = left.Select(p => IndexLayout.Of(_serviceId, p)).Select(k => DeleteIfPresentAsync(k.PartitionKey, k.RowPrefix + record.Id))
            .Concat(earlierLeft.Select(p => DeleteIfPresentAsync(IndexLayout.EarlierPartitionKey(_serviceId, p), record.Id)));
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
        // One more than a page tells whether another page follows.
        var records = new List<LedgerRecord>(pageSize + 1);
        await foreach (var row in RowsAsync(partition, afterId, status, ["RowKey", "Record", "Version", "Status"], Math.Min(pageSize + 1, 1000), cancellationToken))
        {
            records.Add(serializer.Deserialize<LedgerRecord>(row.Entity.GetBinary("Record"))!);
            if (records.Count > pageSize)
            {
                records.RemoveAt(pageSize);
                return new IndexPage(records, records[^1].Id);
            }
        }

        return new IndexPage(records, null);
    }

    /// <summary>Every record id of one partition (for rebuilds and reports' drill-downs).</summary>
    public async IAsyncEnumerable<LedgerRecord> ScanAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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
    public async IAsyncEnumerable<IndexRow> ScanRowsAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in RowsAsync(partition, null, null, ["RowKey", "Version", "Status"], 1000, cancellationToken))
        {
            yield return new IndexRow(partition, row.RecordId, row.Version, row.Entity.GetString("Status") ?? "", row.Entity.ETag)
            {
                StoredKeys = (row.Entity.PartitionKey, row.Entity.RowKey),
            };
        }
    }

    /// <summary>Deletes a row the audit found where it does not belong, unless it changed since (a newer version wrote it): false then.</summary>
    public async Task<bool> DeleteRowAsync(IndexRow row)
    {
        await EnsureTableAsync();
        var (pk, rk) = row.StoredKeys ?? Current(row.Partition, row.RecordId);
        try
        {
            await _table.DeleteEntityAsync(pk, rk, row.ETag);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Moves the rows an earlier release stored in the earlier layout (a table partition per organisation) to this
    /// one, then marks that none is left, after which lists read this layout alone; returns how many rows it moved, and
    /// whether it is done: a row that changed while it was moved (an earlier release's silo still writing) stays, and
    /// the marker waits for the next pass. Until then lists read both layouts and take each record's newer row. Each
    /// silo runs it at start; a row moved twice is added once and deleted once, so that is harmless.
    /// </summary>
    public async Task<(int Moved, bool Done)> MoveEarlierLayoutAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync();
        if (await EarlierLayoutGoneAsync(force: true))
        {
            return (0, true);
        }

        var (moved, changed) = (0, 0);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {_serviceId + "|"} and PartitionKey lt {_serviceId + "}"}");
        var batch = new List<(TableEntity Row, string Partition)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            if (IndexLayout.EarlierPartitionOf(_serviceId, row.PartitionKey) is { } partition)
            {
                batch.Add((row, partition));
                if (batch.Count == PartitionGroupCommit.MaxActions)
                {
                    changed += await MoveAsync(batch);
                    moved += batch.Count;
                    batch.Clear();
                }
            }
        }

        changed += await MoveAsync(batch);
        moved += batch.Count;
        if (changed > 0)
        {
            return (moved - changed, false);
        }

        await _table.UpsertEntityAsync(new TableEntity(IndexLayout.MarkerPartitionKey(_serviceId), IndexLayout.MovedRowKey), cancellationToken: cancellationToken);
        _earlierGone = true;
        return (moved, true);
    }

    /// <summary>
    /// Puts each row in this layout unless a write of the same or a newer version is there already, then deletes the
    /// earlier one unless it changed since it was read; returns how many changed (they stay for the next pass).
    /// </summary>
    private async Task<int> MoveAsync(List<(TableEntity Row, string Partition)> rows)
    {
        var changed = await Task.WhenAll(rows.Select(async r =>
        {
            var (pk, prefix) = IndexLayout.Of(_serviceId, r.Partition);
            var copy = new TableEntity(pk, prefix + r.Row.RowKey)
            {
                ["Status"] = r.Row.GetString("Status"),
                ["Version"] = r.Row.GetInt32("Version"),
                ["Record"] = r.Row.GetBinary("Record"),
            };
            try
            {
                await _writes.WriteAsync(new TableTransactionAction(TableTransactionActionType.Add, copy));
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Written here already: by the record since (the same or a newer version), or by an earlier pass that
                // copied what has changed since; only the latter is replaced, and only if unchanged itself.
                var here = await _table.GetEntityAsync<TableEntity>(pk, copy.RowKey, ["Version"]);
                if ((here.Value.GetInt32("Version") ?? 0) < (copy.GetInt32("Version") ?? 0))
                {
                    try
                    {
                        await _writes.WriteAsync(new TableTransactionAction(TableTransactionActionType.UpdateReplace, copy, here.Value.ETag));
                    }
                    catch (RequestFailedException c) when (c.Status is 404 or 412)
                    {
                        // The record wrote or left it meanwhile: what it wrote is newer.
                    }
                }
            }

            try
            {
                await _writes.WriteAsync(new TableTransactionAction(TableTransactionActionType.Delete, r.Row, r.Row.ETag));
                return 0;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Moved by another silo.
                return 0;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Written since by an earlier release's silo still running: the next pass moves what it holds now.
                return 1;
            }
        }));
        return changed.Sum();
    }

    /// <summary>
    /// The rows of a partition in record-id order, after <paramref name="afterId"/>; with the earlier layout's merged
    /// in (each record's newer row) until <see cref="MoveEarlierLayoutAsync"/> is done.
    /// </summary>
    private async IAsyncEnumerable<IndexEntity> RowsAsync(string partition, string? afterId, string? status, string[] select, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureTableAsync();
        var (pk, prefix) = IndexLayout.Of(_serviceId, partition);
        if (await EarlierLayoutGoneAsync())
        {
            await foreach (var row in Query(pk, prefix, afterId, status, select, pageSize, cancellationToken))
            {
                yield return row;
            }

            yield break;
        }

        // Status is judged after the merge: an earlier row may hold a status its record has left.
        var current = Query(pk, prefix, afterId, null, select, pageSize, cancellationToken);
        var earlier = Query(IndexLayout.EarlierPartitionKey(_serviceId, partition), "", afterId, null, select, pageSize, cancellationToken);
        await foreach (var row in Merge(current, earlier, cancellationToken))
        {
            if (status is null || row.Entity.GetString("Status") == status)
            {
                yield return row;
            }
        }
    }

    private async IAsyncEnumerable<IndexEntity> Query(string pk, string prefix, string? afterId, string? status, string[] select, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk}");
        filter += " and " + (afterId is null
            ? TableClient.CreateQueryFilter($"RowKey ge {prefix}")
            : TableClient.CreateQueryFilter($"RowKey gt {prefix + afterId}"));
        if (prefix.Length > 0)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {StableKeys.UpperBound(prefix)}");
        }

        if (status is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status}");
        }

        await foreach (var row in _table.QueryAsync<TableEntity>(filter, pageSize, select, cancellationToken))
        {
            yield return new IndexEntity(row.RowKey[prefix.Length..], row.GetInt32("Version") ?? 0, row);
        }
    }

    /// <summary>Two streams in record-id order as one; a record in both is the newer of its rows.</summary>
    private static async IAsyncEnumerable<IndexEntity> Merge(IAsyncEnumerable<IndexEntity> first, IAsyncEnumerable<IndexEntity> second, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var a = first.GetAsyncEnumerator(cancellationToken);
        await using var b = second.GetAsyncEnumerator(cancellationToken);
        var hasA = await a.MoveNextAsync();
        var hasB = await b.MoveNextAsync();
        while (hasA || hasB)
        {
            var order = !hasB ? -1 : !hasA ? 1 : string.CompareOrdinal(a.Current.RecordId, b.Current.RecordId);
            if (order < 0)
            {
                yield return a.Current;
                hasA = await a.MoveNextAsync();
            }
            else if (order > 0)
            {
                yield return b.Current;
                hasB = await b.MoveNextAsync();
            }
            else
            {
                yield return a.Current.Version >= b.Current.Version ? a.Current : b.Current;
                hasA = await a.MoveNextAsync();
                hasB = await b.MoveNextAsync();
            }
        }
    }

    /// <summary>Whether the earlier layout's rows are all moved: once known, for good; until then asked again at most every half minute.</summary>
    private async Task<bool> EarlierLayoutGoneAsync(bool force = false)
    {
        if (_earlierGone || (!force && time.GetUtcNow().UtcTicks < Interlocked.Read(ref _earlierCheckedUntilTicks)))
        {
            return _earlierGone;
        }

        var marker = await _table.GetEntityIfExistsAsync<TableEntity>(IndexLayout.MarkerPartitionKey(_serviceId), IndexLayout.MovedRowKey, ["RowKey"]);
        _earlierGone = marker.HasValue;
        Interlocked.Exchange(ref _earlierCheckedUntilTicks, time.GetUtcNow().AddSeconds(30).UtcTicks);
        return _earlierGone;
    }

    /// <summary>The year and organisation of a partition written by <see cref="PartitionKey"/>.</summary>
    public static (string Collection, string OrganizationId, int Year) Parse(string partition)
    {
        var parts = partition.Split('|');
        return (parts[0], parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<Response?> DeleteIfPresentAsync(string partitionKey, string rowKey)
    {
        try
        {
            return await _table.DeleteEntityAsync(partitionKey, rowKey, ETag.All);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task EnsureTableAsync()
    {
        if (!_created)
        {
            await _table.CreateIfNotExistsAsync();
            _created = true;
        }
    }

    private (string PartitionKey, string RowKey) Current(string partition, string recordId)
    {
        var (pk, prefix) = IndexLayout.Of(_serviceId, partition);
        return (pk, prefix + recordId);
    }

    /// <summary>A stored row with the record id it is for and the version it holds.</summary>
    private sealed record IndexEntity(string RecordId, int Version, TableEntity Entity);
}

public sealed record IndexPage(IReadOnlyList<LedgerRecord> Records, string? ContinuationToken);

/// <summary>A stored index row as the audit sees it: which record, at which version and status, and its tag for a guarded delete.</summary>
public sealed record IndexRow(string Partition, string RecordId, int Version, string Status, ETag ETag)
{
    /// <summary>Where the row is stored (this layout or the earlier one), for a guarded delete of that very row.</summary>
    internal (string PartitionKey, string RowKey)? StoredKeys { get; init; }
}
