using Baoji.Exchange.Contracts.Figures;

namespace Baoji.Exchange.Grains.Figures;

/// <summary>
/// The generation pointer of one partnership-year. <see cref="Get"/> answers what is stored, never a change still
/// being written: a projection that was told "no rebuild" must be able to rely on the rebuild not having started,
/// since the rebuild lists the records' state only after it has.
/// </summary>
public sealed class FiguresGenerationGrain(
    [PersistentState("generation", StorageNames.GrainState)] IPersistentState<FiguresGenerationState> state)
    : Grain, IFiguresGenerationGrain
{
    private FiguresGeneration _stored = FiguresGeneration.Initial;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stored = Snapshot();
        return Task.CompletedTask;
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
        await state.WriteOrDropAsync(this);
        _stored = Snapshot();
        return _stored;
    }

    private FiguresGeneration Snapshot() => new(state.State.Current, state.State.Building, [.. state.State.Stale.Distinct()]);
}
