using System.Security.Cryptography;
using System.Text;
using Baoji.Exchange.Contracts.Identity;

namespace Baoji.Exchange.Grains.Identity;

public sealed class TokenGrain(
    [PersistentState("token", StorageNames.GrainState)] IPersistentState<TokenState> state,
    TimeProvider time)
    : Grain, ITokenGrain
{
    public async Task<bool> Issue(string organizationId, string secretHash)
    {
        if (state.State.Token is { } existing)
        {
            return existing.SecretHash == secretHash && existing.OrganizationId == organizationId;
        }

        state.State.Token = new IssuedToken(this.GetPrimaryKeyString(), organizationId, secretHash, time.GetUtcNow(), null);
        await state.WriteOrDropAsync(this);
        return true;
    }

    public Task<IssuedToken?> Get() => Task.FromResult(state.State.Token);

    public Task<string?> Verify(string secretHash)
    {
        var token = state.State.Token;
        var matches = token is { RevokedAt: null }
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token.SecretHash), Encoding.ASCII.GetBytes(secretHash));
        return Task.FromResult(matches ? token!.OrganizationId : null);
    }

    public async Task<bool> Revoke()
    {
        if (state.State.Token is not { } token)
        {
            return false;
        }

        if (token.RevokedAt is null)
        {
            state.State.Token = token with { RevokedAt = time.GetUtcNow() };
            await state.WriteOrDropAsync(this);
        }

        return true;
    }
}
