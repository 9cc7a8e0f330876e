using Baoji.Exchange.Contracts.Identity;

namespace Baoji.Exchange.Grains.Identity;

public sealed class OrganizationTokensGrain(
    [PersistentState("tokens", StorageNames.GrainState)] IPersistentState<OrganizationTokensState> state)
    : Grain, IOrganizationTokensGrain
{
    public Task<IReadOnlyList<TokenEntry>> List() => Task.FromResult<IReadOnlyList<TokenEntry>>([.. state.State.Entries]);

    public async Task<bool> Add(TokenEntry entry)
    {
        if (state.State.Entries.Any(e => e.TokenId == entry.TokenId))
        {
            return true;
        }

        if (state.State.Entries.Count >= IOrganizationTokensGrain.MaxTokens)
        {
            return false;
        }

        state.State.Entries.Add(entry);
        await state.WriteOrDropAsync(this);
        return true;
    }
}
