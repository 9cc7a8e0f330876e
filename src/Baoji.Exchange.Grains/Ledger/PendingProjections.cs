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
/// key no state has), and deleted once that state is projected. One mark serves every record whose state the
/// transaction stores (<see cref="PartitionGroupCommit.WriteWithSharedRowAsync"/>): it lists them, each state names it,
/// and it is deleted once all of them are projected. A crash between the two leaves the mark, and
/// <c>ProjectionRepair</c> finds it and has its records finish their projection; a record grain that activates with an
/// unprojected version asks here whether it owes anything. Marks earlier releases wrote, one per record (beside the
/// state, or in a table of their own, <see cref="TableName"/>), are read, listed and cleared as before.
/// </summary>
public sealed class PendingProjections(TableServiceClient tables, IOptions<ClusterOptions> cluster)
{
    /// <summary>Where earlier releases kept the marks, a mark written before the state it follows.</summary>
    public const string TableName = "BaojiPendingProjections";

    /// <summary>Where the row keys of marks begin; a record's own mark (an earlier release's) follows with its id.</summary>
    public const string MarkPrefix = RowGrainStorage.OtherRowsFrom + "pending|";

    /// <summary>Where the keys of marks shared by a transaction's records begin: no record id holds '~'.</summary>
    public const string SharedMarkPrefix = MarkPrefix + "~";

    private readonly TableClient _states = tables.GetTableClient(RowGrainStorage.TableName);
    private readonly TableClient _earlier = tables.GetTableClient(TableName);
    private readonly string _serviceId = cluster.Value.ServiceId;

    /// <summary>
    /// Cleared once a look at the earlier release's table finds none of this service's marks: this release never writes
    /// there, and the earlier release's silos are stopped before it starts, so none can come. A record activating with
    /// an unprojected version (every record read again after its last command) then asks one table, not two.
    /// </summary>
    private volatile bool _earlierMarksMayExist = true;

    /// <summary>The mark to store with the state of record <paramref name="recordId"/>.</summary>
    public static SharedRowRequest MarkOf(string recordId) => new(SharedMarkPrefix, recordId);

    /// <summary>
    /// The mark that says record <paramref name="recordId"/> (grain <paramref name="grain"/>) may owe its projection, or
    /// null: the one its state names (<paramref name="sharedMark"/>), or, for a state an earlier release stored, the
    /// record's own mark beside it or in the earlier release's table.
    /// </summary>
    public async Task<PendingMark?> FindAsync(GrainId grain, string recordId, string? sharedMark)
    {
        var partition = PartitionOf(grain);
        if (sharedMark is not null)
        {
            var shared = await _states.GetEntityIfExistsAsync<TableEntity>(partition, sharedMark, ["RowKey", "Timestamp", PartitionGroupCommit.SharedRowTagsProperty]);
            return shared.HasValue && MarkOf(shared.Value!, partition) is { } mark && mark.RecordIds.Contains(recordId, StringComparer.Ordinal) ? mark : null;
        }

        var own = await _states.GetEntityIfExistsAsync<TableEntity>(partition, MarkPrefix + recordId, ["RowKey", "Timestamp"]);
        if (own.HasValue)
        {
            return MarkOf(own.Value!, partition);
        }

        if (!_earlierMarksMayExist)
        {
            return null;
        }

        var any = false;
        await foreach (var mark in EarlierMarksAsync(CancellationToken.None))
        {
            if (mark.RowKey == recordId)
            {
                return EarlierMarkOf(mark);
            }

            any = true;
        }

        _earlierMarksMayExist = any;
        return null;
    }

    /// <summary>Records marked before <paramref name="cutoff"/>: their projection should have finished long ago.</summary>
    public async IAsyncEnumerable<string> ListMarkedBeforeAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var mark in ListMarksAsync(cancellationToken))
        {
            if (mark.MarkedAt < cutoff)
            {
                foreach (var id in mark.RecordIds)
                {
                    yield return id;
                }
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
            await foreach (var row in RowsOrNoneAsync(_states, filter, ["RowKey", "Timestamp", PartitionGroupCommit.SharedRowTagsProperty], cancellationToken))
            {
                yield return MarkOf(row, partition);
            }
        }

        var earlier = 0;
        await foreach (var row in EarlierMarksAsync(cancellationToken))
        {
            earlier++;
            yield return EarlierMarkOf(row);
        }

        _earlierMarksMayExist = earlier > 0;
    }

    /// <summary>Deletes a mark once every record it lists is projected again (the repair's, or a record's that it alone is listed in).</summary>
    public async Task ClearAsync(PendingMark mark)
    {
        try
        {
            await (mark.InEarlierTable ? _earlier : _states).DeleteEntityAsync(mark.Partition, mark.RowKey, mark.ETag);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or written again: a later pass sees it.
        }
    }

    private string PartitionOf(GrainId grain) => RowGrainStorage.KeysOf(_serviceId, RecordGrain.StateName, grain).Partition;

    /// <summary>A mark beside the states: shared (it lists its records) or a record's own (its key names the record).</summary>
    private static PendingMark MarkOf(TableEntity row, string partition) => new(
        row.RowKey.StartsWith(SharedMarkPrefix, StringComparison.Ordinal)
            ? (row.GetString(PartitionGroupCommit.SharedRowTagsProperty) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            : [row.RowKey[MarkPrefix.Length..]],
        row.Timestamp ?? DateTimeOffset.MinValue, partition, row.RowKey, InEarlierTable: false, row.ETag);

    private static PendingMark EarlierMarkOf(TableEntity row) =>
        new([row.RowKey], row.Timestamp ?? DateTimeOffset.MinValue, row.PartitionKey, row.RowKey, InEarlierTable: true, row.ETag);

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

/// <summary>A stored mark: the records it lists, when it was written, where it is (beside the states, or in the earlier release's table) and its tag.</summary>
public sealed record PendingMark(IReadOnlyList<string> RecordIds, DateTimeOffset MarkedAt, string Partition, string RowKey, bool InEarlierTable, ETag ETag);
