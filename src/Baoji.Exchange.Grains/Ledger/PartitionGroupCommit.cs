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
    /// Sends rows of one partition that are stored together or not at all (a record's state and its pending mark): they
    /// share a transaction with other callers' rows when there is room, and when a shared transaction fails they go
    /// again as a transaction of their own. Returns the rows' new ETags, or throws what storage answered for them.
    /// </summary>
    public async Task<ETag[]> WriteTogetherAsync(IReadOnlyList<TableTransactionAction> actions) => await Task.WhenAll(Enqueue(actions, together: true));

    private Task<ETag>[] Enqueue(IReadOnlyList<TableTransactionAction> actions, bool together = false)
    {
        if (actions.Count == 0)
        {
            return [];
        }

        var partition = _partitions.GetOrAdd(actions[0].Entity.PartitionKey, _ => new Partition());
        var unit = together && actions.Count > 1 ? new object() : null;
        var pending = actions.Select(a => a.Entity.PartitionKey == actions[0].Entity.PartitionKey
            ? new PendingRow(a, unit)
            : throw new ArgumentException("The rows are of more than one partition.", nameof(actions))).ToList();
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

            if (batch is [var single])
            {
                await SendAloneAsync(single);
                continue;
            }

            try
            {
                await SubmitAsync(batch);
            }
            catch (Exception e) when (e is TableTransactionFailedException or RequestFailedException && batch.Any(r => r.Unit != batch[0].Unit || r.Unit is null))
            {
                // Nothing of the transaction was stored: each row (or rows stored together) is judged on its own, as it
                // would have been alone.
                await Task.WhenAll(batch.GroupBy(r => r.Unit ?? r).Select(g => g.Count() == 1 ? SendAloneAsync(g.First()) : SendUnitAsync([.. g])));
            }
            catch (Exception e)
            {
                Fail(batch, e);
            }
        }
    }

    private async Task SubmitAsync(List<PendingRow> rows)
    {
        var response = await table.SubmitTransactionAsync(rows.Select(p => p.Action));
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Done.TrySetResult(response.Value[i].Headers.ETag ?? default);
        }
    }

    private async Task SendUnitAsync(List<PendingRow> rows)
    {
        try
        {
            await SubmitAsync(rows);
        }
        catch (Exception e)
        {
            Fail(rows, e);
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
    /// Up to <see cref="MaxActions"/> queued rows (and about <see cref="MaxBatchBytes"/>), oldest first, one per row key
    /// (a transaction may not touch a row twice); rows stored together are taken all or none.
    /// </summary>
    private static List<PendingRow> Take(List<PendingRow> queue)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<PendingRow>();
        long bytes = 0;
        for (var i = 0; i < queue.Count;)
        {
            // Rows stored together were queued one after another, in one step.
            var group = queue[i].Unit is { } unit ? queue.Skip(i).TakeWhile(r => r.Unit == unit).ToList() : [queue[i]];
            i += group.Count;
            var groupBytes = group.Sum(r => r.Bytes);
            if (batch.Count > 0 && (batch.Count + group.Count > MaxActions || bytes + groupBytes > MaxBatchBytes))
            {
                break;
            }

            if (group.All(r => !keys.Contains(r.Action.Entity.RowKey)))
            {
                keys.UnionWith(group.Select(r => r.Action.Entity.RowKey));
                batch.AddRange(group);
                bytes += groupBytes;
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

    private sealed class PendingRow(TableTransactionAction action, object? unit)
    {
        public TableTransactionAction Action { get; } = action;

        /// <summary>Shared by rows that are stored together or not at all; null for a row judged on its own.</summary>
        public object? Unit { get; } = unit;

        public long Bytes { get; } = EstimatedBytes(action);

        public TaskCompletionSource<ETag> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
