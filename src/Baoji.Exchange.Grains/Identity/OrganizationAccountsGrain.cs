using Baoji.Exchange.Contracts.Identity;

namespace Baoji.Exchange.Grains.Identity;

public sealed class OrganizationAccountsGrain(
    [PersistentState("accounts", StorageNames.GrainState)] IPersistentState<OrganizationAccountsState> state)
    : Grain, IOrganizationAccountsGrain
{
    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Logins.Order(StringComparer.Ordinal)]);

    public async Task<bool> Add(string login)
    {
        if (state.State.Logins.Contains(login))
        {
            return true;
        }

        if (state.State.Logins.Count >= IOrganizationAccountsGrain.MaxAccounts)
        {
            return false;
        }

        state.State.Logins.Add(login);
        await state.WriteOrDropAsync(this);
        return true;
    }
}
