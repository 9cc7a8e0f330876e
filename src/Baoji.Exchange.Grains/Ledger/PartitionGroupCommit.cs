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

    /// <summary>Upserts (replaces) the row; returns its new ETag once it is stored.</summary>
    public Task<ETag> UpsertAsync(TableEntity entity) => WriteAsync(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));

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

    private Task<ETag>[] Enqueue(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count == 0)
        {
            return [];
        }

        var partition = _partitions.GetOrAdd(actions[0].Entity.PartitionKey, _ => new Partition());
        var pending = actions.Select(a => a.Entity.PartitionKey == actions[0].Entity.PartitionKey
            ? new PendingRow(a)
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
                var response = await table.SubmitTransactionAsync(batch.Select(p => p.Action));
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(response.Value[i].Headers.ETag ?? default);
                }
            }
            catch (Exception e) when (e is TableTransactionFailedException or RequestFailedException)
            {
                // Nothing of the transaction was stored: each row is judged on its own, as it would have been alone.
                await Task.WhenAll(batch.Select(SendAloneAsync));
            }
            catch (Exception e)
            {
                foreach (var row in batch)
                {
                    row.Done.TrySetException(e);
                }
            }
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
    /// (a transaction may not touch a row twice).
    /// </summary>
    private static List<PendingRow> Take(List<PendingRow> queue)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<PendingRow>();
        long bytes = 0;
        foreach (var row in queue)
        {
            if (batch.Count == MaxActions || (batch.Count > 0 && bytes + row.Bytes > MaxBatchBytes))
            {
                break;
            }

            if (keys.Add(row.Action.Entity.RowKey))
            {
                batch.Add(row);
                bytes += row.Bytes;
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

    private sealed class PendingRow(TableTransactionAction action)
    {
        public TableTransactionAction Action { get; } = action;

        public long Bytes { get; } = EstimatedBytes(action);

        public TaskCompletionSource<ETag> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
