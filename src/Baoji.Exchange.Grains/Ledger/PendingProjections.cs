using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Baoji.Exchange.Grains.Ledger;

/// <summary>
/// The records whose projection (index rows, figures, agreement register) may still be owed: a row is written
/// before a record's new state is stored and deleted once that state is projected. A crash between the two leaves
/// the row, and <c>ProjectionRepair</c> finds it and has the record finish its projection; a record grain that
/// activates with an unprojected version asks here whether it owes anything.
/// </summary>
public sealed class PendingProjections(TableServiceClient tables, IOptions<ClusterOptions> cluster)
{
    public const string TableName = "BaojiPendingProjections";

    /// <summary>
    /// Partitions per service. Few, so that the marks and clears of concurrent commands share transactions (group
    /// commit); each partition takes about 2,000 rows/s in Azure Storage's targets, far above the ledger's rate. Marks
    /// an earlier layout (16 partitions) left are listed too, and the repair clears them where they are.
    /// </summary>
    private const int Buckets = 2;

    private readonly TableClient _table = tables.GetTableClient(TableName);
    private readonly PartitionGroupCommit _marks = new(tables.GetTableClient(TableName));
    private readonly string _serviceId = cluster.Value.ServiceId;
    private volatile bool _created;

    /// <summary>
    /// Marks the record as owing a projection; the returned tag lets only this mark be cleared. Concurrent marks in
    /// one bucket share a transaction (group commit); the mark is stored when this returns, as before.
    /// </summary>
    public async Task<ETag> MarkAsync(string recordId)
    {
        await EnsureTableAsync();
        return await _marks.UpsertAsync(new TableEntity(PartitionOf(recordId), recordId));
    }

    /// <summary>
    /// Clears the mark (only the one written with <paramref name="tag"/>, unless it is <see cref="ETag.All"/>). Concurrent
    /// clears in one bucket share a transaction, as the marks do.
    /// </summary>
    public async Task ClearAsync(string recordId, ETag tag)
    {
        await EnsureTableAsync();
        try
        {
            await _marks.WriteAsync(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(PartitionOf(recordId), recordId), tag));
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or marked again by a later change that will clear its own mark.
        }
    }

    public async Task<bool> IsPendingAsync(string recordId)
    {
        await EnsureTableAsync();
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(recordId), recordId, ["RowKey"]);
        return row.HasValue;
    }

    /// <summary>Records marked before <paramref name="cutoff"/>: their projection should have finished long ago.</summary>
    public async IAsyncEnumerable<string> ListMarkedBeforeAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var mark in ListMarksAsync(cancellationToken))
        {
            if (mark.MarkedAt < cutoff)
            {
                yield return mark.RecordId;
            }
        }
    }

    /// <summary>
    /// Every mark with the time it was written: the repair takes the old ones and reports the projection lag (how many
    /// are owed, how old the oldest is). Marks live only between a state write and its projection, so there are few.
    /// All of this service's partitions are read, whatever layout wrote them.
    /// </summary>
    public async IAsyncEnumerable<PendingMark> ListMarksAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureTableAsync();
        // Every partition key of this service starts with "{service id}|"; '}' is the character after '|'.
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {_serviceId + "|"} and PartitionKey lt {_serviceId + "}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "Timestamp"], cancellationToken: cancellationToken))
        {
            yield return new PendingMark(row.RowKey, row.Timestamp ?? DateTimeOffset.MinValue, row.PartitionKey != PartitionOf(row.RowKey) ? row.PartitionKey : null, row.ETag);
        }
    }

    /// <summary>Clears a mark an earlier layout left outside the record's partition (after the record was projected again).</summary>
    public async Task ClearStrayAsync(PendingMark mark)
    {
        if (mark.StrayPartition is null)
        {
            return;
        }

        try
        {
            await _table.DeleteEntityAsync(mark.StrayPartition, mark.RecordId, mark.ETag);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or written again: a later pass sees it.
        }
    }

    private string PartitionOf(string recordId) => Partition(StableKeys.Bucket(recordId, Buckets));

    private string Partition(int bucket) => $"{_serviceId}|{bucket:D2}";

    private async Task EnsureTableAsync()
    {
        if (!_created)
        {
            await _table.CreateIfNotExistsAsync();
            _created = true;
        }
    }
}

/// <summary>A stored mark: its record, when it was written, the partition it is in when that is not the record's own now, and its tag.</summary>
public sealed record PendingMark(string RecordId, DateTimeOffset MarkedAt, string? StrayPartition, ETag ETag);
