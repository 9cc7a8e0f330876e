using Azure;
using Azure.Data.Tables;
using Orleans.Storage;

namespace Baoji.Exchange.Grains.Storage;

/// <summary>
/// Grain storage whose states are table rows (<see cref="RowGrainStorage"/>), which other rows of a state's partition
/// may join: written in the state's own transaction, so that they are stored with it or not at all (a record's pending
/// mark), or on their own, sharing transactions with the states (the mark's clear).
/// </summary>
public interface IStateRowStorage : IGrainStorage
{
    /// <summary>Writes the state and <paramref name="alongside"/> in one transaction; returns that row's new ETag.</summary>
    Task<ETag> WriteStateWithAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, TableTransactionAction alongside);

    /// <summary>Writes a row of a state's partition that is not a state; returns its new ETag (default for a delete).</summary>
    Task<ETag> WriteRowAsync(TableTransactionAction action);
}
