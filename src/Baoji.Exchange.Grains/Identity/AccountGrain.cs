using Baoji.Exchange.Contracts.Identity;

namespace Baoji.Exchange.Grains.Identity;

public sealed class AccountGrain(
    [PersistentState("account", StorageNames.GrainState)] IPersistentState<AccountState> state,
    TimeProvider time)
    : Grain, IAccountGrain
{
    private PersonAccount? Account => state.State.Account;

    public Task<PersonAccount?> Get() => Task.FromResult(Account);

    public async Task<AccountCreation> Create(CreateAccount command)
    {
        if (Account is { } existing)
        {
            return new AccountCreation(existing, state.State.CreatedByOperation == command.OperationId);
        }

        // Listed first: an account is never stored unlisted, and an organisation never gets more than its maximum. A login
        // listed by a create that then failed is skipped by the listing (no account, or another organisation's).
        if (command.OrganizationId is { } organizationId && !await GrainFactory.GetGrain<IOrganizationAccountsGrain>(organizationId).Add(this.GetPrimaryKeyString()))
        {
            return new AccountCreation(null, false);
        }

        var now = time.GetUtcNow();
        state.State.Account = new PersonAccount(
            this.GetPrimaryKeyString(), command.DisplayName, command.OrganizationId, command.IsAdmin, command.PasswordHash,
            Disabled: false, FailedAttempts: 0, LockedUntil: null, command.CreatedBy, now, Stamp: 1, ChangedBy: null, ChangedAt: null);
        state.State.CreatedByOperation = command.OperationId;
        await state.WriteOrDropAsync(this);
        return new AccountCreation(state.State.Account, true);
    }

    public Task<PersonAccount?> SetDisabled(bool disabled, string by) =>
        ChangeAsync(a => a.Disabled == disabled ? a : a with { Disabled = disabled, Stamp = a.Stamp + 1, ChangedBy = by, ChangedAt = time.GetUtcNow() });

    public Task<PersonAccount?> ResetPassword(string passwordHash, string by) =>
        ChangeAsync(a => a with
        {
            PasswordHash = passwordHash, FailedAttempts = 0, LockedUntil = null, Stamp = a.Stamp + 1, ChangedBy = by, ChangedAt = time.GetUtcNow(),
        });

    public Task<PersonAccount?> RecordFailedSignIn(LockoutPolicy policy) =>
        ChangeAsync(a => AccountRules.AfterFailure(a, time.GetUtcNow(), policy));

    public Task<PersonAccount?> RecordSignIn(string? rehashed) =>
        ChangeAsync(a => AccountRules.AfterSuccess(a, rehashed));

    private async Task<PersonAccount?> ChangeAsync(Func<PersonAccount, PersonAccount> change)
    {
        if (Account is not { } account)
        {
            return null;
        }

        var changed = change(account);
        if (changed != account)
        {
            state.State.Account = changed;
            await state.WriteOrDropAsync(this);
        }

        return changed;
    }
}
