using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Grains.Ledger;
using Orleans.Storage;

namespace Baoji.Exchange.Grains.Storage;

/// <summary>
/// Grain state as table rows keyed for point lookups: the row key is the grain id and the partition one of a few
/// buckets of it, so a read or write finds its row by both keys (Orleans' own table provider puts the state name in
/// every row key, which Azurite answers by scanning every grain of the kind). Concurrent writes to one bucket share an
/// entity-group transaction (<see cref="PartitionGroupCommit"/>), each still guarded by its row's ETag, so a busy
/// ledger stores many records per round trip where blobs took one each. State the earlier release kept in blobs is
/// read from there until its grain writes again (<see cref="LegacyStateBlobs"/>).
/// </summary>
public sealed class RowGrainStorage(TableClient table, string serviceId, IGrainStorageSerializer format, LegacyStateBlobs legacy) : IStateRowStorage
{
    public const string TableName = "BaojiGrainState";

    /// <summary>
    /// Partitions per state name. Few, so concurrent writes share transactions: at 32 commands in flight, 2 partitions
    /// took storage requests per record from 6.7 to 5.1 (with the marks'). Each takes about 2,000 rows/s in Azure
    /// Storage's targets, far above the ledger's rate. Part of every stored row's key: changing it strands stored rows.
    /// </summary>
    private const int Buckets = 2;

    /// <summary>A binary property holds at most 64 KiB; an entity at most 1 MiB.</summary>
    private const int ChunkBytes = 64 * 1024;

    private const int MaxChunks = 15;

    /// <summary>The ETag a state read from a legacy blob carries: its row does not exist yet, so the write adds it.</summary>
    private const string LegacyETag = "legacy-blob";

    private readonly PartitionGroupCommit _writes = new(table);
    private volatile bool _created;

    /// <summary>Where the earlier release kept this state; the ledger asks it about the earlier release's other blobs too.</summary>
    public LegacyStateBlobs Legacy => legacy;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateWithSharedRowAsync(stateName, grainId, grainState);

    public async Task<string?> ReadStateWithSharedRowAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureTableAsync();
        var (partition, row) = Keys(stateName, grainId);
        var stored = await table.GetEntityIfExistsAsync<TableEntity>(partition, row);
        if (stored.HasValue)
        {
            grainState.State = Decode<T>(stored.Value!);
            grainState.ETag = stored.Value!.ETag.ToString();
            grainState.RecordExists = true;
            return stored.Value!.GetString(PartitionGroupCommit.SharedRowProperty);
        }

        if (await legacy.AnyAsync(stateName) && await legacy.ReadAsync<T>(stateName, grainId) is { } old)
        {
            grainState.State = old.State;
            grainState.ETag = LegacyETag;
            grainState.RecordExists = true;
            return null;
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return null;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteAsync(stateName, grainId, grainState, shared: null);

    /// <summary>
    /// Writes the state in one transaction with the shared row <paramref name="shared"/> asks for: a row of the state's
    /// own partition (<see cref="KeysOf"/>) stored with it or not at all. Returns the state's hold on that row.
    /// </summary>
    public async Task<SharedRowLease> WriteStateWithSharedRowAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, SharedRowRequest shared) =>
        (await WriteAsync(stateName, grainId, grainState, shared))!;

    private async Task<SharedRowLease?> WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, SharedRowRequest? shared)
    {
        await EnsureTableAsync();
        var (partition, row) = Keys(stateName, grainId);
        var entity = Encode(partition, row, grainState.State, grainId);
        var action = grainState.ETag is null or LegacyETag
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(grainState.ETag));
        try
        {
            var (etag, lease) = shared is null ? (await _writes.WriteAsync(action), null) : await _writes.WriteWithSharedRowAsync(action, shared);
            grainState.ETag = etag.ToString();
            grainState.RecordExists = true;
            return lease;
        }
        catch (Exception e) when (StatusOf(e) is 409 or 412 or 404)
        {
            throw new InconsistentStateException($"The state of {grainId} changed in storage since it was read ({StatusOf(e)}).", "(unknown)", grainState.ETag ?? "(none)", e);
        }
    }

    /// <summary>
    /// The partition and row key of a grain's state. Other rows may share the partition (a record's pending mark) under
    /// row keys from <see cref="OtherRowsFrom"/> on, which no grain id reaches and scans of the states leave out.
    /// </summary>
    public static (string Partition, string Row) KeysOf(string serviceId, string stateName, GrainId grainId)
    {
        var row = RowKey(grainId.ToString());
        return (Partition(serviceId, stateName, Bucket(row)), row);
    }

    /// <summary>Every partition of a state name.</summary>
    public static IEnumerable<string> PartitionsOf(string serviceId, string stateName) =>
        Enumerable.Range(0, Buckets).Select(b => Partition(serviceId, stateName, b));

    /// <summary>Where row keys of rows other than states begin: a grain id starts with its type's name, never with '~'.</summary>
    public const string OtherRowsFrom = "~";

    /// <summary>A shared transaction's failure names the status of the row it failed on; a lone row's, its own.</summary>
    private static int? StatusOf(Exception e) => e is RequestFailedException r ? r.Status : null;

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureTableAsync();
        if (grainState.ETag is { } etag and not LegacyETag)
        {
            var (partition, row) = Keys(stateName, grainId);
            try
            {
                await _writes.WriteAsync(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row), new ETag(etag)));
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                throw new InconsistentStateException($"The state of {grainId} changed in storage since it was read ({e.Status}).", "(unknown)", etag, e);
            }
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Every stored state of <paramref name="stateName"/>, bucket after bucket (then the legacy blobs no row replaced).</summary>
    public async IAsyncEnumerable<T> ScanAsync<T>(string stateName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in RowsAsync(stateName, null, cancellationToken))
        {
            yield return Decode<T>(row);
        }

        await foreach (var grainId in LegacyOnlyAsync(stateName, cancellationToken))
        {
            if (await legacy.ReadAsync<T>(stateName, grainId) is { } old)
            {
                yield return old.State;
            }
        }
    }

    /// <summary>How many states of <paramref name="stateName"/> are stored (keys only are read).</summary>
    public async Task<int> CountAsync(string stateName, CancellationToken cancellationToken) =>
        await RowsAsync(stateName, ["RowKey"], cancellationToken).CountAsync(cancellationToken)
        + await LegacyOnlyAsync(stateName, cancellationToken).CountAsync(cancellationToken);

    private async IAsyncEnumerable<TableEntity> RowsAsync(string stateName, IEnumerable<string>? select, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureTableAsync();
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(serviceId, stateName, bucket)} and RowKey lt {OtherRowsFrom}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, select, cancellationToken))
            {
                yield return row;
            }
        }
    }

    /// <summary>The grains whose state is still only in an earlier release's blob (none where no such blob exists).</summary>
    private async IAsyncEnumerable<GrainId> LegacyOnlyAsync(string stateName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!await legacy.AnyAsync(stateName))
        {
            yield break;
        }

        await foreach (var page in legacy.ListGrainIdsAsync(stateName, cancellationToken))
        {
            foreach (var grainId in page.Select(GrainId.Parse))
            {
                var (partition, row) = Keys(stateName, grainId);
                if (!(await table.GetEntityIfExistsAsync<TableEntity>(partition, row, ["RowKey"], cancellationToken)).HasValue)
                {
                    yield return grainId;
                }
            }
        }
    }

    private (string Partition, string Row) Keys(string stateName, GrainId grainId) => KeysOf(serviceId, stateName, grainId);

    private static string Partition(string serviceId, string stateName, int bucket) => $"{serviceId}|{stateName}|{bucket:D2}";

    /// <summary>The grain id with the characters a row key may not hold ('/', '\', '#', '?', controls) and '%' escaped.</summary>
    private static string RowKey(string grainId)
    {
        var key = new StringBuilder(grainId.Length + 8);
        foreach (var c in grainId)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                key.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                key.Append(c);
            }
        }

        return key.ToString();
    }

    private static int Bucket(string rowKey) => StableKeys.Bucket(rowKey, Buckets);

    private TableEntity Encode<T>(string partition, string row, T state, GrainId grainId)
    {
        var data = format.Serialize(state).ToMemory();
        var chunks = (data.Length + ChunkBytes - 1) / ChunkBytes;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException($"The state of {grainId} is {data.Length} bytes, more than a row holds ({MaxChunks * ChunkBytes}).");
        }

        var entity = new TableEntity(partition, row) { ["Chunks"] = chunks };
        for (var i = 0; i < chunks; i++)
        {
            entity[$"Data{i}"] = data.Slice(i * ChunkBytes, Math.Min(ChunkBytes, data.Length - (i * ChunkBytes))).ToArray();
        }

        return entity;
    }

    private T Decode<T>(TableEntity row)
    {
        var chunks = row.GetInt32("Chunks") ?? 0;
        if (chunks == 1)
        {
            return format.Deserialize<T>(new BinaryData(row.GetBinary("Data0")))!;
        }

        var data = new List<byte>();
        for (var i = 0; i < chunks; i++)
        {
            data.AddRange(row.GetBinary($"Data{i}"));
        }

        return format.Deserialize<T>(new BinaryData(data.ToArray()))!;
    }

    private async Task EnsureTableAsync()
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync();
            _created = true;
        }
    }
}
