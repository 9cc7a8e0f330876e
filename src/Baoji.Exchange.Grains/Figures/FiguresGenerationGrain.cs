using Azure;
using Azure.Data.Tables;
using Baoji.Exchange.Contracts.Figures;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// The generation pointer of one partnership-year. <see cref="Get"/> answers what is stored, never a change still
/// being written: a projection that was told "no rebuild" must be able to rely on the rebuild not having started,
/// since the rebuild lists the records' state only after it has.
/// </summary>
public sealed class FiguresGenerationGrain(
    [PersistentState("generation", StorageNames.GrainState)] IPersistentState<FiguresGenerationState> state,
    TableServiceClient tables,
    IOptions<ClusterOptions> cluster)
    : Grain, IFiguresGenerationGrain
{
    private FiguresGeneration _stored = FiguresGeneration.Initial;

    /// <summary>Decided at activation where no stored state says it; stored with the next change of the pointer.</summary>
    private int _oneShardFrom;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _oneShardFrom = state.State.OneShardFrom ?? await EarlierOneShardFromAsync(cancellationToken);
        _stored = Snapshot();
    }

    /// <summary>
    /// Where an earlier release kept this year, its generations stay in its 16 shards until a rebuild: every generation
    /// it started (its stored pointer), or generation 0 when rows of it are stored. A year it never counted anything in
    /// starts in one shard. Decided without a write, so a report never writes: generation 0 in one shard writes its
    /// rows outside the range looked at here, so the same answer comes at every activation.
    /// </summary>
    private async Task<int> EarlierOneShardFromAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            return state.State.Latest + 1;
        }

        var (from, to) = FigureShards.EarlierShardPartitions(cluster.Value.ServiceId, this.GetPrimaryKeyString());
        var table = tables.GetTableClient(FigureRows.TableName);
        try
        {
            await foreach (var _ in table.QueryAsync<TableEntity>($"PartitionKey ge '{from}' and PartitionKey lt '{to}'", 1, ["RowKey"], cancellationToken))
            {
                return 1;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No figures table yet: nothing was ever counted.
        }

        return 0;
    }

    public Task<FiguresGeneration> Get() => Task.FromResult(_stored);

    public Task<FiguresGeneration> StartBuilding()
    {
        var s = state.State;
        if (s.Building is { } orphan)
        {
            // A rebuild that died while building: its half-built generation is given up.
            s.Stale.Add(orphan);
        }

        s.Latest = Math.Max(s.Latest, s.Current) + 1;
        s.Building = s.Latest;
        return StoreAsync();
    }

    public Task<FiguresGeneration> Complete(int generation)
    {
        var s = state.State;
        if (s.Building != generation)
        {
            throw new InvalidOperationException($"Generation {generation} of {this.GetPrimaryKeyString()} is not being built (building: {s.Building?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).");
        }

        s.Stale.Add(s.Current);
        s.Current = generation;
        s.Building = null;
        return StoreAsync();
    }

    public Task<FiguresGeneration> Abandon(int generation)
    {
        var s = state.State;
        if (s.Building != generation)
        {
            return Task.FromResult(_stored);
        }

        s.Stale.Add(generation);
        s.Building = null;
        return StoreAsync();
    }

    public async Task Forget(IReadOnlyList<int> generations)
    {
        if (state.State.Stale.RemoveAll(generations.Contains) > 0)
        {
            await StoreAsync();
        }
    }

    private async Task<FiguresGeneration> StoreAsync()
    {
        state.State.OneShardFrom ??= _oneShardFrom;
        await state.WriteOrDropAsync(this);
        _stored = Snapshot();
        return _stored;
    }

    private FiguresGeneration Snapshot() => new(state.State.Current, state.State.Building, [.. state.State.Stale.Distinct()], state.State.OneShardFrom ?? _oneShardFrom);
}
