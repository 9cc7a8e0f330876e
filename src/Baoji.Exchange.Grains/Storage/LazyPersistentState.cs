using Baoji.Exchange.Grains.Ledger;
using Orleans.Storage;

namespace Baoji.Exchange.Grains.Storage;

/// <summary>
/// Grain state read on first need rather than on activation: a grain about to create its state (a record created
/// under a new id) need not ask storage first whether there is one. Its first write is then an insert, which storage
/// refuses (<see cref="InconsistentStateException"/>) when the state exists after all; the grain reads it then.
/// </summary>
public sealed class LazyPersistentState<T>(IGrainStorage storage, string stateName, GrainId grainId) : IPersistentState<T>
    where T : new()
{
    private readonly GrainState<T> _stored = new(new T());

    /// <summary>Whether the state is known: read, or written (then it is what was written).</summary>
    public bool Known { get; private set; }

    public T State
    {
        get => _stored.State!;
        set => _stored.State = value;
    }

    public string? Etag => _stored.ETag;

    public bool RecordExists => _stored.RecordExists;

    /// <summary>The key of the shared row the stored state was last written with (see <see cref="IStateRowStorage"/>), or null.</summary>
    public string? SharedRowKey { get; private set; }

    public async Task ReadStateAsync()
    {
        if (storage is IStateRowStorage rows)
        {
            SharedRowKey = await rows.ReadStateWithSharedRowAsync(stateName, grainId, _stored);
        }
        else
        {
            await storage.ReadStateAsync(stateName, grainId, _stored);
        }

        Known = true;
    }

    public async Task WriteStateAsync()
    {
        await storage.WriteStateAsync(stateName, grainId, _stored);
        SharedRowKey = null;
        Known = true;
    }

    /// <summary>Writes the state with the shared row <paramref name="shared"/> asks for (see <see cref="IStateRowStorage"/>); returns the state's hold on it.</summary>
    public async Task<SharedRowLease> WriteStateWithSharedRowAsync(SharedRowRequest shared)
    {
        var lease = await Rows.WriteStateWithSharedRowAsync(stateName, grainId, _stored, shared);
        SharedRowKey = lease.Key;
        Known = true;
        return lease;
    }

    private IStateRowStorage Rows => storage as IStateRowStorage
        ?? throw new NotSupportedException($"The storage of {stateName} keeps no table rows: {storage.GetType().Name}.");

    public async Task ClearStateAsync()
    {
        await storage.ClearStateAsync(stateName, grainId, _stored);
        SharedRowKey = null;
        Known = true;
    }
}
