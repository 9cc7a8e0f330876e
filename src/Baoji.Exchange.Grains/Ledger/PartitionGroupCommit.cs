using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace Baoji.Exchange.Grains.Ledger;

/// <summary>
/// Group commit for row upserts: rows bound for one table partition while a write to it is in flight are sent
/// together as one entity-group transaction (at most <see cref="MaxActions"/> rows), so concurrent records sharing
/// a partition (a city's year, a pending-mark bucket) cost one round trip instead of one each. A lone row goes at
/// once as a single upsert, so nothing waits when nothing is concurrent. Each caller learns its own row's outcome:
/// a failed transaction fails every row in it (nothing of it was stored), and the callers retry as before.
/// </summary>
public sealed class PartitionGroupCommit(TableClient table)
{
    /// <summary>The most operations one entity-group transaction may hold.</summary>
    public const int MaxActions = 100;

    /// <summary>One entry per partition written since start: a few objects per collection, organisation and year.</summary>
    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);

    /// <summary>Upserts (replaces) the row; returns its new ETag once the transaction holding it committed.</summary>
    public Task<ETag> UpsertAsync(TableEntity entity)
    {
        var partition = _partitions.GetOrAdd(entity.PartitionKey, _ => new Partition());
        var pending = new PendingRow(entity);
        bool start;
        lock (partition)
        {
            partition.Queue.Add(pending);
            start = !partition.Flushing;
            partition.Flushing = true;
        }

        if (start)
        {
            // On the thread pool, not the calling grain's scheduler: the flush goes on serving other callers.
            _ = Task.Run(() => FlushAsync(partition));
        }

        return pending.Done.Task;
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

            try
            {
                if (batch is [var single])
                {
                    var response = await table.UpsertEntityAsync(single.Entity, TableUpdateMode.Replace);
                    single.Done.TrySetResult(response.Headers.ETag ?? ETag.All);
                }
                else
                {
                    var response = await table.SubmitTransactionAsync(batch.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, p.Entity)));
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Done.TrySetResult(response.Value[i].Headers.ETag ?? ETag.All);
                    }
                }
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

    /// <summary>Up to <see cref="MaxActions"/> queued rows, oldest first, one per row key (a transaction may not touch a row twice).</summary>
    private static List<PendingRow> Take(List<PendingRow> queue)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<PendingRow>();
        foreach (var row in queue)
        {
            if (batch.Count == MaxActions)
            {
                break;
            }

            if (keys.Add(row.Entity.RowKey))
            {
                batch.Add(row);
            }
        }

        queue.RemoveAll(batch.Contains);
        return batch;
    }

    private sealed class Partition
    {
        public List<PendingRow> Queue { get; } = [];

        public bool Flushing { get; set; }
    }

    private sealed class PendingRow(TableEntity entity)
    {
        public TableEntity Entity { get; } = entity;

        public TaskCompletionSource<ETag> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
