using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Baoji.Exchange.Grains.Ledger;

/// <summary>
/// The records whose projection (index rows, figures, agreement register) may still be owed: a mark row is stored
/// with a record's new state, in the same transaction (the state's own partition of the grain-state table, under a row
/// key no state has), and deleted once that state is projected. A crash between the two leaves the mark, and
/// <c>ProjectionRepair</c> finds it and has the record finish its projection; a record grain that activates with an
/// unprojected version asks here whether it owes anything. Marks an earlier release wrote in a table of their own
/// (<see cref="TableName"/>) are listed and cleared as before.
/// </summary>
public sealed class PendingProjections(TableServiceClient tables, IOptions<ClusterOptions> cluster)
{
    /// <summary>Where earlier releases kept the marks, a mark written before the state it follows.</summary>
    public const string TableName = "BaojiPendingProjections";

    private const string MarkPrefix = RowGrainStorage.OtherRowsFrom + "pending|";

    private readonly TableClient _states = tables.GetTableClient(RowGrainStorage.TableName);
    private readonly TableClient _earlier = tables.GetTableClient(TableName);
    private readonly string _serviceId = cluster.Value.ServiceId;

    /// <summary>
    /// Cleared once a look at the earlier release's table finds none of this service's marks: this release never writes
    /// there, and the earlier release's silos are stopped before it starts, so none can come. A record activating with
    /// an unprojected version (every record read again after its last command) then asks one table, not two.
    /// </summary>
    private volatile bool _earlierMarksMayExist = true;

    /// <summary>The mark of record <paramref name="recordId"/> (grain <paramref name="grain"/>), to be stored with its state.</summary>
    public TableTransactionAction Mark(GrainId grain, string recordId) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(PartitionOf(grain), MarkPrefix + recordId));

    /// <summary>Clears the mark (only the one stored with <paramref name="tag"/>, unless it is <see cref="ETag.All"/>).</summary>
    public TableTransactionAction Clear(GrainId grain, string recordId, ETag tag) =>
        new(TableTransactionActionType.Delete, new TableEntity(PartitionOf(grain), MarkPrefix + recordId), tag);

    /// <summary>Whether a clear failed only because the mark is gone already, or was stored again by a later change that clears its own.</summary>
    public static bool IsCleared(Exception e) => e is RequestFailedException { Status: 404 or 412 };

    public async Task<bool> IsPendingAsync(GrainId grain, string recordId)
    {
        var row = await _states.GetEntityIfExistsAsync<TableEntity>(PartitionOf(grain), MarkPrefix + recordId, ["RowKey"]);
        if (row.HasValue)
        {
            return true;
        }

        if (!_earlierMarksMayExist)
        {
            return false;
        }

        var any = false;
        await foreach (var mark in EarlierMarksAsync(CancellationToken.None))
        {
            if (mark.RowKey == recordId)
            {
                return true;
            }

            any = true;
        }

        _earlierMarksMayExist = any;
        return false;
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
    /// are owed, how old the oldest is). Marks live only between a state write and its projection, so there are few;
    /// a query per partition of the records' states reads the mark rows' key range only.
    /// </summary>
    public async IAsyncEnumerable<PendingMark> ListMarksAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var partition in RowGrainStorage.PartitionsOf(_serviceId, RecordGrain.StateName))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {MarkPrefix} and RowKey lt {StableKeys.UpperBound(MarkPrefix)}");
            await foreach (var row in RowsOrNoneAsync(_states, filter, ["RowKey", "Timestamp"], cancellationToken))
            {
                yield return new PendingMark(row.RowKey[MarkPrefix.Length..], row.Timestamp ?? DateTimeOffset.MinValue, null, row.ETag);
            }
        }

        var earlier = 0;
        await foreach (var row in EarlierMarksAsync(cancellationToken))
        {
            earlier++;
            yield return new PendingMark(row.RowKey, row.Timestamp ?? DateTimeOffset.MinValue, row.PartitionKey, row.ETag);
        }

        _earlierMarksMayExist = earlier > 0;
    }

    /// <summary>Clears a mark an earlier release left in its table (after the record was projected again).</summary>
    public async Task ClearStrayAsync(PendingMark mark)
    {
        if (mark.StrayPartition is null)
        {
            return;
        }

        try
        {
            await _earlier.DeleteEntityAsync(mark.StrayPartition, mark.RecordId, mark.ETag);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or written again: a later pass sees it.
        }
    }

    private string PartitionOf(GrainId grain) => RowGrainStorage.KeysOf(_serviceId, RecordGrain.StateName, grain).Partition;

    /// <summary>This service's marks in the earlier release's table.</summary>
    private IAsyncEnumerable<TableEntity> EarlierMarksAsync(CancellationToken cancellationToken)
    {
        // Every partition key of this service there starts with "{service id}|"; '}' is the character after '|'.
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {_serviceId + "|"} and PartitionKey lt {_serviceId + "}"}");
        return RowsOrNoneAsync(_earlier, filter, ["PartitionKey", "RowKey", "Timestamp"], cancellationToken);
    }

    /// <summary>The rows a query finds; none where the table was never made (no state stored yet, no earlier release).</summary>
    private static async IAsyncEnumerable<TableEntity> RowsOrNoneAsync(TableClient table, string filter, IEnumerable<string> select, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var rows = table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await rows.MoveNextAsync();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                more = false;
            }

            if (!more)
            {
                yield break;
            }

            yield return rows.Current;
        }
    }
}

/// <summary>A stored mark: its record, when it was written, the partition of the earlier release's table it is in (null when in the record's own state partition), and its tag.</summary>
public sealed record PendingMark(string RecordId, DateTimeOffset MarkedAt, string? StrayPartition, ETag ETag);
