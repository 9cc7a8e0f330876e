using Azure;
using Azure.Data.Tables;
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

    public async Task ReadStateAsync()
    {
        await storage.ReadStateAsync(stateName, grainId, _stored);
        Known = true;
    }

    public async Task WriteStateAsync()
    {
        await storage.WriteStateAsync(stateName, grainId, _stored);
        Known = true;
    }

    /// <summary>Writes the state and <paramref name="alongside"/> in one transaction (see <see cref="IStateRowStorage"/>); returns that row's ETag.</summary>
    public async Task<ETag> WriteStateWithAsync(TableTransactionAction alongside)
    {
        var etag = await Rows.WriteStateWithAsync(stateName, grainId, _stored, alongside);
        Known = true;
        return etag;
    }

    /// <summary>Writes a row of the state's partition that is not the state (see <see cref="IStateRowStorage"/>).</summary>
    public Task<ETag> WriteRowAsync(TableTransactionAction action) => Rows.WriteRowAsync(action);

    private IStateRowStorage Rows => storage as IStateRowStorage
        ?? throw new NotSupportedException($"The storage of {stateName} keeps no table rows: {storage.GetType().Name}.");

    public async Task ClearStateAsync()
    {
        await storage.ClearStateAsync(stateName, grainId, _stored);
        Known = true;
    }
}
