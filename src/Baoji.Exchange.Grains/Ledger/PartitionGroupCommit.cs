using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace Baoji.Exchange.Grains.Ledger;

/// <summary>
/// Group commit for single-row writes: rows bound for one table partition while a write to it is in flight are sent
/// together as one entity-group transaction (at most <see cref="MaxActions"/> rows), so concurrent writers sharing a
/// partition (a city's year, a pending-mark bucket, a bucket of record states) cost one round trip instead of one each.
/// A lone row goes at once as a single request, so nothing waits when nothing is concurrent. Each caller learns its
/// own row's outcome, as if it had written alone: when a shared transaction fails (nothing of it was stored), each
/// of its rows is sent again on its own, so one row's conflict or missing row fails that row only.
/// </summary>
public sealed class PartitionGroupCommit(TableClient table)
{
    /// <summary>The most operations one entity-group transaction may hold.</summary>
    public const int MaxActions = 100;

    /// <summary>Well under the 4 MiB a transaction's body may have, however the rows are encoded.</summary>
    internal const long MaxBatchBytes = 2 * 1024 * 1024;

    /// <summary>One entry per partition written since start: a few objects per collection, organisation and year.</summary>
    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);

    /// <summary>
    /// Sends one row's action (add, replace if unchanged, upsert or delete; an ETag on the action guards it); returns
    /// the row's new ETag (default for a delete) once stored, or throws what storage answered for this row alone.
    /// </summary>
    public Task<ETag> WriteAsync(TableTransactionAction action) => Enqueue([action])[0];

    /// <summary>
    /// Sends rows of one partition queued together, so they go in one transaction even when nothing else is
    /// being written (one request for a record's rows there, not one each); each row's outcome is its own, as above.
    /// </summary>
    public Task WriteAllAsync(IReadOnlyList<TableTransactionAction> actions) => Task.WhenAll(Enqueue(actions));

    /// <summary>
    /// Sends a row (a record's state) with the shared row <paramref name="shared"/> asks for (its pending mark): one row
    /// per transaction, listing the tags of every row in it that asked, so the rows are stored with it or not at all at
    /// the cost of one row per transaction instead of one each. Each asking row is stamped with the shared row's key
    /// (<see cref="SharedRowProperty"/>). When a shared transaction fails, the row goes again in a transaction of its own
    /// with a shared row of its own. Returns the row's new ETag and its lease on the shared row, or throws what storage
    /// answered for it.
    /// </summary>
    public async Task<(ETag ETag, SharedRowLease Lease)> WriteWithSharedRowAsync(TableTransactionAction action, SharedRowRequest shared)
    {
        var row = action.Entity is TableEntity
            ? new PendingRow(action, shared)
            : throw new ArgumentException("A row that names its shared row is a TableEntity.", nameof(action));
        var etag = await Enqueue([row])[0];
        return (etag, row.Lease!);
    }

    /// <summary>The property of a row written with a shared row that names it (see <see cref="WriteWithSharedRowAsync"/>).</summary>
    public const string SharedRowProperty = "SharedRow";

    /// <summary>The property of a shared row that lists the tags of the rows written with it, comma-separated.</summary>
    public const string SharedRowTagsProperty = "Tags";

    private Task<ETag>[] Enqueue(IReadOnlyList<TableTransactionAction> actions) => Enqueue([.. actions.Select(a => new PendingRow(a, null))]);

    private Task<ETag>[] Enqueue(IReadOnlyList<PendingRow> pending)
    {
        if (pending.Count == 0)
        {
            return [];
        }

        var key = pending[0].Action.Entity.PartitionKey;
        if (pending.Any(p => p.Action.Entity.PartitionKey != key))
        {
            throw new ArgumentException("The rows are of more than one partition.", nameof(pending));
        }

        var partition = _partitions.GetOrAdd(key, _ => new Partition());
        bool start;
        lock (partition)
        {
            partition.Queue.AddRange(pending);
            start = !partition.Flushing;
            partition.Flushing = true;
        }

        if (start)
        {
            // On the thread pool, not the calling grain's scheduler: the flush goes on serving other callers.
            _ = Task.Run(() => FlushAsync(partition));
        }

        return [.. pending.Select(p => p.Done.Task)];
    }

    private async Task FlushAsync(Partition partition)
    {
        while (true)
        {
            List<PendingRow> batch;
            lock (partition)
            {
                if (partition.Queue.Count == 0)
                {
                    partition.Flushing = false;
                    return;
                }

                batch = Take(partition.Queue);
            }

            if (batch is [{ Shared: null } single])
            {
                await SendAloneAsync(single);
                continue;
            }

            try
            {
                await SubmitAsync(batch);
            }
            catch (Exception e) when (e is TableTransactionFailedException or RequestFailedException && batch.Count > 1)
            {
                // Nothing of the transaction was stored: each row is judged on its own, as it would have been alone (a
                // row asking for a shared row, with one of its own).
                await Task.WhenAll(batch.Select(r => r.Shared is null ? SendAloneAsync(r) : SendOwnTransactionAsync(r)));
            }
            catch (Exception e)
            {
                Fail(batch, e);
            }
        }
    }

    private async Task SubmitAsync(List<PendingRow> rows)
    {
        // One shared row per prefix asked for, listing the asking rows; each of them names it.
        var partitionKey = rows[0].Action.Entity.PartitionKey;
        var shared = rows.Where(r => r.Shared is not null).GroupBy(r => r.Shared!.KeyPrefix, StringComparer.Ordinal)
            .Select(g => (Key: g.Key + Guid.NewGuid().ToString("N"), Rows: g.ToList())).ToList();
        foreach (var (key, asking) in shared)
        {
            foreach (var row in asking)
            {
                ((TableEntity)row.Action.Entity)[SharedRowProperty] = key;
            }
        }

        var sharedRows = shared.Select(s => new TableTransactionAction(TableTransactionActionType.Add,
            new TableEntity(partitionKey, s.Key) { [SharedRowTagsProperty] = string.Join(',', s.Rows.Select(r => r.Shared!.Tag)) }));
        var response = await table.SubmitTransactionAsync(rows.Select(p => p.Action).Concat(sharedRows));
        foreach (var (key, asking) in shared)
        {
            var row = new SharedRow(this, partitionKey, key, asking.Count);
            foreach (var member in asking)
            {
                member.Lease = new SharedRowLease(row);
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Done.TrySetResult(response.Value[i].Headers.ETag ?? default);
        }
    }

    private async Task SendOwnTransactionAsync(PendingRow row)
    {
        try
        {
            await SubmitAsync([row]);
        }
        catch (Exception e)
        {
            row.Done.TrySetException(e);
        }
    }

    private static void Fail(IEnumerable<PendingRow> rows, Exception e)
    {
        foreach (var row in rows)
        {
            row.Done.TrySetException(e);
        }
    }

    private async Task SendAloneAsync(PendingRow row)
    {
        try
        {
            var entity = row.Action.Entity;
            var etag = row.Action.ETag;
            var response = row.Action.ActionType switch
            {
                TableTransactionActionType.Add => await table.AddEntityAsync(entity),
                TableTransactionActionType.UpdateReplace => await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace),
                TableTransactionActionType.UpdateMerge => await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Merge),
                TableTransactionActionType.UpsertMerge => await table.UpsertEntityAsync(entity, TableUpdateMode.Merge),
                TableTransactionActionType.Delete => await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, etag),
                _ => await table.UpsertEntityAsync(entity, TableUpdateMode.Replace),
            };
            row.Done.TrySetResult(response.Headers.ETag ?? default);
        }
        catch (Exception e)
        {
            row.Done.TrySetException(e);
        }
    }

    /// <summary>
    /// Up to <see cref="MaxActions"/> rows (and about <see cref="MaxBatchBytes"/>) with the shared rows they ask for,
    /// oldest first, one per row key (a transaction may not touch a row twice).
    /// </summary>
    private static List<PendingRow> Take(List<PendingRow> queue)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var sharedPrefixes = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<PendingRow>();
        long bytes = 0;
        foreach (var row in queue)
        {
            var addsSharedRow = row.Shared is { } shared && !sharedPrefixes.Contains(shared.KeyPrefix);
            if (batch.Count > 0 && (batch.Count + sharedPrefixes.Count + (addsSharedRow ? 2 : 1) > MaxActions || bytes + row.Bytes > MaxBatchBytes))
            {
                break;
            }

            if (keys.Add(row.Action.Entity.RowKey))
            {
                batch.Add(row);
                bytes += row.Bytes;
                if (addsSharedRow)
                {
                    sharedPrefixes.Add(row.Shared!.KeyPrefix);
                }
            }
        }

        queue.RemoveAll(batch.Contains);
        return batch;
    }

    /// <summary>What a row weighs in a request, roughly: binary values grow by a third in base64, text may double.</summary>
    internal static long EstimatedBytes(TableTransactionAction action) =>
        256 + (action.Entity is TableEntity entity ? entity.Sum(p => p.Key.Length * 2L + p.Value switch
        {
            byte[] b => b.Length * 4L / 3,
            BinaryData d => d.ToMemory().Length * 4L / 3,
            string t => t.Length * 2L,
            _ => 32,
        }) : 64 * 1024);

    private sealed class Partition
    {
        public List<PendingRow> Queue { get; } = [];

        public bool Flushing { get; set; }
    }

    private sealed class PendingRow(TableTransactionAction action, SharedRowRequest? shared)
    {
        public TableTransactionAction Action { get; } = action;

        /// <summary>The shared row this row is stored with, or null.</summary>
        public SharedRowRequest? Shared { get; } = shared;

        /// <summary>Set, when <see cref="Shared"/> is, before <see cref="Done"/> completes.</summary>
        public SharedRowLease? Lease { get; set; }

        public long Bytes { get; } = EstimatedBytes(action);

        public TaskCompletionSource<ETag> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A stored shared row: deleted once every row stored with it has released it.</summary>
    internal sealed class SharedRow(PartitionGroupCommit owner, string partition, string key, int holders)
    {
        private int _holders = holders;

        public string Key => key;

        public async Task ReleaseOneAsync()
        {
            if (Interlocked.Decrement(ref _holders) > 0)
            {
                return;
            }

            try
            {
                await owner.WriteAsync(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All));
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Deleted already (by the repair, which took it as stale).
            }
        }
    }
}

/// <summary>
/// A shared row asked for by a row written through <see cref="PartitionGroupCommit.WriteWithSharedRowAsync"/>: its key
/// begins with <paramref name="KeyPrefix"/>, and it lists <paramref name="Tag"/> (which may hold no comma).
/// </summary>
public sealed record SharedRowRequest(string KeyPrefix, string Tag)
{
    public string Tag { get; } = Tag.Contains(',', StringComparison.Ordinal) ? throw new ArgumentException("A tag may hold no comma.", nameof(Tag)) : Tag;
}

/// <summary>One row's hold on the shared row it was stored with; the last holder to release it deletes the row.</summary>
public sealed class SharedRowLease
{
    private readonly PartitionGroupCommit.SharedRow _row;
    private int _released;

    internal SharedRowLease(PartitionGroupCommit.SharedRow row) => _row = row;

    /// <summary>The shared row's key.</summary>
    public string Key => _row.Key;

    /// <summary>Releases the hold (once; later calls do nothing); the last holder's call returns once the row is deleted.</summary>
    public Task ReleaseAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? _row.ReleaseOneAsync() : Task.CompletedTask;
}
