using Baoji.Exchange.Contracts.Seeding;

namespace Baoji.Exchange.Grains.Seeding;

public sealed class SeedStatusGrain(
    [PersistentState("seed", StorageNames.GrainState)] IPersistentState<SeedStatusState> state, TimeProvider time)
    : Grain, ISeedStatusGrain
{
    public Task<bool> IsLoaded(string contentHash) => Task.FromResult(state.State.LoadedContentHash == contentHash);

    public async Task MarkLoaded(string contentHash)
    {
        state.State.LoadedContentHash = contentHash;
        state.State.LoadedAt = time.GetUtcNow();
        await state.WriteOrDropAsync(this);
    }
}
