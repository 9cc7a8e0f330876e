using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Contracts.Figures;
using Baoji.Exchange.Grains.Faults;
using Baoji.Exchange.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// Keeps the totals of one partnership-year as records change. Deltas are applied in table transactions guarded by
/// ETags, so a repeated, reordered or half-failed delta never counts twice; the totals are cached in memory for the
/// report. Rows, not grain state, hold the per-record detail, so nothing grows with the records.
/// </summary>
/// <remarks>
/// Group commit: concurrent deltas (an ingest sends many at once to the one grain of a partnership-year) queue while a
/// transaction is in flight and share the next one (<see cref="FigureBatch"/>), one totals row per scope for all of
/// them. A lone delta goes at once. When a shared transaction fails, nothing of it was stored, and each of its deltas
/// is applied alone, so every caller learns its own outcome, as if it had come alone.
/// </remarks>
public sealed class YearFiguresGrain(TableServiceClient tables, Serializer serializer, IOptions<ClusterOptions> cluster, Failpoints failpoints)
    : Grain, IYearFiguresGrain
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// How long a flush waits for more deltas when the last batch showed concurrent callers and few are queued. Every
    /// transaction rewrites the totals row of each scope it touches, and a store may pay for rewriting a row by the
    /// size of its table (Azurite's indices do): fewer, fuller transactions rewrite fewer rows per record. A lone
    /// caller never waits.
    /// </summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(4);

    /// <summary>Queued deltas enough to go without waiting: a transaction of 100 rows holds a few dozen.</summary>
    private const int FullEnough = 32;

    /// <summary>
    /// Tables known to exist, by address: one flag for the whole process skipped the creation against a second
    /// storage account (two hosts in one process, as the tests run them), whose figures then failed with TableNotFound.
    /// </summary>
    private static readonly ConcurrentDictionary<Uri, bool> s_createdTables = new();

    private readonly TableClient _table = tables.GetTableClient(FigureRows.TableName);
    private Dictionary<string, FigureTotals> _totals = new(StringComparer.Ordinal);
    private string _partition = "";

    /// <summary>Deltas waiting for the next transaction, oldest first; <see cref="_flushing"/> while a loop sends them.</summary>
    private readonly List<Delta> _queue = [];
    private bool _flushing;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The service id keeps two deployments sharing one storage account apart, as grain state is.
        _partition = FigureRows.Partition(cluster.Value.ServiceId, this.GetPrimaryKeyString());
        if (!s_createdTables.ContainsKey(_table.Uri))
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            s_createdTables[_table.Uri] = true;
        }

        await LoadTotalsAsync(cancellationToken);
    }

    public Task Apply(string recordId, int version, IReadOnlyList<Contribution> contributions)
    {
        // Interleaving, so deltas arriving while a transaction is in flight queue here and share the next one.
        var delta = new Delta(recordId, version, contributions);
        _queue.Add(delta);
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushAsync();
        }

        return delta.Done.Task;
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> GetTotals() =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>>(
            _totals.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<string, decimal>)new Dictionary<string, decimal>(t.Value.Values), StringComparer.Ordinal));

    public async Task Reset()
    {
        // Not interleaving, and it never meets a flush: Reset is called only on generations no longer read or built,
        // which no projection writes to, so no Apply is queued. Besides, the scheduler holds a non-interleaving request
        // while any request runs, and the flush loop awaits only while a caller of its batch still waits for it.
        var keys = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>($"PartitionKey eq '{_partition}'", select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }

        // A transaction holds at most 100 operations.
        foreach (var chunk in keys.Chunk(100))
        {
            await _table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(_partition, k), ETag.All)));
        }

        _totals = new Dictionary<string, FigureTotals>(StringComparer.Ordinal);
    }

    public async Task<FigureItemsPage> GetItemsPage(string scope, string figure, string? after, int max)
    {
        // People are rows of their own; a record is an item of the figures its source row holds contributions to.
        var shared = FigureNames.IsShared(figure);
        var prefix = shared ? FigureRows.ItemPrefix(scope, figure) : FigureRows.SourcePrefix;
        var items = new List<FigureItem>();
        await foreach (var row in ScanAsync(prefix, after is null ? null : prefix + after))
        {
            var key = row.RowKey[prefix.Length..];
            if (shared)
            {
                items.Add(new FigureItem(key, Refs(row), 1));
            }
            else if (OwnWeight(row, scope, figure) is { } weight)
            {
                items.Add(new FigureItem(key, [key], weight));
            }

            if (items.Count == max)
            {
                return new FigureItemsPage(items, key);
            }
        }

        return new FigureItemsPage(items, null);
    }

    public async Task<FigureSourcesPage> GetSourcesPage(string? after, int max)
    {
        var prefix = FigureRows.SourcePrefix;
        var items = new List<FigureSource>();
        await foreach (var row in ScanAsync(prefix, after is null ? null : prefix + after))
        {
            var recordId = row.RowKey[prefix.Length..];
            items.Add(new FigureSource(recordId, row.GetInt32("Version") ?? 0, ContributionsOf(row)));
            if (items.Count == max)
            {
                return new FigureSourcesPage(items, recordId);
            }
        }

        return new FigureSourcesPage(items, null);
    }

    /// <summary>Sends what is queued, batch after batch, until nothing is; one loop at a time.</summary>
    private async Task FlushAsync()
    {
        try
        {
            var concurrent = false;
            while (_queue.Count > 0)
            {
                if (concurrent && _queue.Count < FullEnough)
                {
                    // Deltas keep arriving meanwhile (Apply interleaves) and join this batch.
                    await Task.Delay(Linger);
                }

                var batch = Take();
                concurrent = batch.Count > 1;
                if (batch is [var lone])
                {
                    await ApplyAloneAsync(lone, mayAssumeNew: true);
                    continue;
                }

                try
                {
                    await CommitAsync(batch, mayAssumeNew: true);
                    continue;
                }
                catch (Exception e) when (e is RequestFailedException or TableTransactionFailedException)
                {
                    // Nothing of the transaction was stored: below, the deltas are judged again.
                }
                catch (Exception e)
                {
                    Fail(batch, e);
                    continue;
                }

                var left = batch.Where(d => !d.Done.Task.IsCompleted).ToList();
                try
                {
                    await LoadTotalsAsync(CancellationToken.None);
                }
                catch (Exception e)
                {
                    Fail(left, e);
                    continue;
                }

                // The likeliest cause is a first version assumed new that was stored before (a repair's repeat, or its
                // original raced it): the batch goes once more with those records' source rows read, rather than each
                // of its deltas alone (a round trip each) for one repeat.
                var assumed = left.Where(d => d.Version == 1 && !d.ReadSource).ToList();
                if (assumed.Count > 0)
                {
                    assumed.ForEach(d => d.ReadSource = true);
                    _queue.InsertRange(0, left);
                    continue;
                }

                // Each delta on its own, as if it had come alone, so each caller learns its own outcome.
                foreach (var delta in left)
                {
                    await ApplyAloneAsync(delta, mayAssumeNew: false);
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    /// <summary>
    /// The oldest queued deltas, one per record, about as many as one transaction holds (their old items are not
    /// read yet: <see cref="CommitAsync"/> puts back what does not fit).
    /// </summary>
    private List<Delta> Take()
    {
        var records = new HashSet<string>(StringComparer.Ordinal);
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<Delta>();
        var actions = 0;
        foreach (var delta in _queue)
        {
            var newScopes = delta.Contributions.Select(c => c.Scope).Where(s => !scopes.Contains(s)).Distinct(StringComparer.Ordinal).Count();
            var cost = 1 + delta.Contributions.Count(c => c.ItemKey is not null) + newScopes;
            if (batch.Count > 0 && actions + cost > FigureBatch.MaxActions)
            {
                break;
            }

            // A record's next delta waits for the next batch: its source row may be written once per transaction.
            if (records.Add(delta.RecordId))
            {
                batch.Add(delta);
                actions += cost;
                scopes.UnionWith(delta.Contributions.Select(c => c.Scope));
            }
        }

        var taken = batch.ToHashSet();
        _queue.RemoveAll(taken.Contains);
        return batch;
    }

    /// <summary>
    /// Commits as many of <paramref name="batch"/> as one transaction holds, completing their callers; the rest go back
    /// to the front of the queue and leave <paramref name="batch"/>. Throws, completing none of what is left in
    /// <paramref name="batch"/>, when reading or committing fails.
    /// </summary>
    private async Task CommitAsync(List<Delta> batch, bool mayAssumeNew)
    {
        // A record's first version is nearly always new here: its first try skips reading the record's source row and
        // adds it instead, so a repeat (a repair re-sending it) fails the transaction and is read the next time.
        var sources = await Task.WhenAll(batch.Select(d => mayAssumeNew && d.Version == 1 && !d.ReadSource
            ? Task.FromResult<TableEntity?>(null)
            : GetAsync(FigureRows.Source(d.RecordId))));

        var planned = new List<(Delta Delta, TableEntity? Source, List<Contribution> Old, IReadOnlyList<ChangedItem> Items)>();
        var deferred = new HashSet<Delta>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (delta, source) = (batch[i], sources[i]);
            if (source is not null && source.GetInt32("Version") >= delta.Version)
            {
                delta.Done.TrySetResult();
                continue;
            }

            var old = source is null ? [] : ContributionsOf(source);
            var items = FigureBatch.ChangedItems(old, delta.Contributions);
            // A shared item another delta of the batch changes waits: its row may be written once per transaction.
            if (items.Any(item => touched.Contains(item.RowKey)))
            {
                deferred.Add(delta);
                continue;
            }

            touched.UnionWith(items.Select(item => item.RowKey));
            planned.Add((delta, source, old, items));
        }

        var keys = touched.ToList();
        var rows = await Task.WhenAll(keys.Select(GetAsync));
        var itemRows = keys.Zip(rows).ToDictionary(r => r.First, r => r.Second, StringComparer.Ordinal);
        var builder = new FigureBatch(_partition, serializer, _totals);
        var full = false;
        foreach (var (delta, source, old, items) in planned)
        {
            // Once one does not fit, the later ones wait too, so the next batch takes them in the order they came.
            if (full || !builder.TryAdd(delta.RecordId, delta.Version, delta.Contributions, source, old, items, itemRows))
            {
                full = true;
                deferred.Add(delta);
            }
        }

        // Back to the front in their order, before any await, so the deltas queued meanwhile stay behind them.
        _queue.InsertRange(0, batch.Where(deferred.Contains));
        batch.RemoveAll(d => d.Done.Task.IsCompleted || deferred.Contains(d));
        if (batch.Count == 0)
        {
            return;
        }

        var (actions, totals) = builder.Build();
        var response = await _table.SubmitTransactionAsync(actions);
        // Committed, but neither this grain's cache nor its callers learn so: the next delta meets a stale ETag.
        failpoints.Hit(FailpointNames.FiguresInTransaction);
        foreach (var (scope, values, index) in totals)
        {
            _totals[scope] = new FigureTotals(values, response.Value[index].Headers.ETag ?? ETag.All);
        }

        foreach (var delta in batch)
        {
            delta.Done.TrySetResult();
        }
    }

    /// <summary>Today's path for one delta: its own transaction, re-read and re-decided after a failure.</summary>
    private async Task ApplyAloneAsync(Delta delta, bool mayAssumeNew)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await CommitAsync([delta], mayAssumeNew && attempt == 1);
                    return;
                }
                catch (Exception e) when (attempt < MaxAttempts && e is RequestFailedException or TableTransactionFailedException)
                {
                    // Someone else (another activation during a silo change) or a half-known outcome: re-read, re-decide.
                    await LoadTotalsAsync(CancellationToken.None);
                }
            }
        }
        catch (Exception e)
        {
            delta.Done.TrySetException(e);
        }
    }

    private static void Fail(List<Delta> batch, Exception e)
    {
        foreach (var delta in batch)
        {
            delta.Done.TrySetException(e);
        }
    }

    private List<string> Refs(TableEntity row) => FigureBatch.RefsOf(serializer, row);

    /// <summary>What the record of a source row adds to <paramref name="figure"/> in <paramref name="scope"/> as an item of its own, or null if nothing.</summary>
    private decimal? OwnWeight(TableEntity source, string scope, string figure)
    {
        var own = ContributionsOf(source).Where(c => c.ItemKey is null && c.Scope == scope && c.Figure == figure).ToList();
        return own.Count > 0 ? own.Sum(c => c.Weight) : null;
    }

    /// <summary>The contributions a source row holds: the record's last version as this shard counts it.</summary>
    private List<Contribution> ContributionsOf(TableEntity source) => serializer.Deserialize<List<Contribution>>(source.GetBinary("Contributions"))!;

    private async Task LoadTotalsAsync(CancellationToken cancellationToken)
    {
        // Built aside and swapped in, so an interleaved GetTotals never sees a half-loaded set.
        var loaded = new Dictionary<string, FigureTotals>(StringComparer.Ordinal);
        await foreach (var row in ScanAsync(FigureRows.TotalsPrefix, cancellationToken: cancellationToken))
        {
            loaded[row.RowKey[FigureRows.TotalsPrefix.Length..]] =
                new FigureTotals(serializer.Deserialize<Dictionary<string, decimal>>(row.GetBinary("Values"))!, row.ETag);
        }

        _totals = loaded;
    }

    private async Task<TableEntity?> GetAsync(string rowKey)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(_partition, rowKey);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The rows whose keys start with <paramref name="prefix"/>, in key order, after <paramref name="afterKey"/> if given.</summary>
    private AsyncPageable<TableEntity> ScanAsync(string prefix, string? afterKey = null, CancellationToken cancellationToken = default) =>
        _table.QueryAsync<TableEntity>(
            $"PartitionKey eq '{_partition}' and RowKey {(afterKey is null ? "ge" : "gt")} '{Escape(afterKey ?? prefix)}' and RowKey lt '{Escape(StableKeys.UpperBound(prefix))}'",
            cancellationToken: cancellationToken);

    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private sealed class Delta(string recordId, int version, IReadOnlyList<Contribution> contributions)
    {
        public string RecordId { get; } = recordId;

        public int Version { get; } = version;

        public IReadOnlyList<Contribution> Contributions { get; } = contributions;

        /// <summary>Its source row is read even when a first version: a transaction that assumed it new failed.</summary>
        public bool ReadSource { get; set; }

        /// <summary>Completed on the grain's scheduler once the delta is stored or found old; its caller awaits it.</summary>
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
