using Baoji.Exchange.Grains.Ledger;
using Orleans.Storage;

namespace Baoji.Exchange.Grains.Storage;

/// <summary>
/// Grain storage whose states are table rows (<see cref="RowGrainStorage"/>). A state may be written with a row of its
/// partition that the transaction's writers share (a record's pending mark, see
/// <see cref="PartitionGroupCommit.WriteWithSharedRowAsync"/>): stored with the state or not at all.
/// </summary>
public interface IStateRowStorage : IGrainStorage
{
    /// <summary>Reads the state as the grain storage does; returns the key of the shared row its last write was stored with, or null.</summary>
    Task<string?> ReadStateWithSharedRowAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Writes the state in one transaction with the shared row <paramref name="shared"/> asks for; returns the state's hold on it.</summary>
    Task<SharedRowLease> WriteStateWithSharedRowAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, SharedRowRequest shared);
}
