using Baoji.Exchange.Contracts.Identity;

namespace Baoji.Exchange.Grains.Identity;

public sealed class AdminCredentialGrain(
    [PersistentState("admin", StorageNames.GrainState)] IPersistentState<AdminCredentialState> state)
    : Grain, IAdminCredentialGrain
{
    public Task<string?> GetHash() => Task.FromResult(state.State.Hash);

    public async Task<string> SetHashIfEmpty(string hash)
    {
        if (state.State.Hash is null)
        {
            state.State.Hash = hash;
            await state.WriteOrDropAsync(this);
        }

        return state.State.Hash;
    }
}
