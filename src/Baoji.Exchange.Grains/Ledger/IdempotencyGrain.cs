using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Grains.Ledger;

public sealed class IdempotencyGrain(
    [PersistentState("idempotency", StorageNames.GrainState)] IPersistentState<IdempotencyState> state)
    : Grain, IIdempotencyGrain
{
    public Task<IdempotencyClaim?> Find(string requestHash) => Task.FromResult(state.State.ResourceId is { } existing
        ? new IdempotencyClaim(existing, FirstClaim: false, BodyDiffers: state.State.RequestHash != requestHash)
        : null);

    public async Task<IdempotencyClaim> Claim(string requestHash, string proposedId)
    {
        if (state.State.ResourceId is { } existing)
        {
            return new IdempotencyClaim(existing, FirstClaim: false, BodyDiffers: state.State.RequestHash != requestHash);
        }

        state.State.RequestHash = requestHash;
        state.State.ResourceId = proposedId;
        await state.WriteOrDropAsync(this);
        return new IdempotencyClaim(proposedId, FirstClaim: true, BodyDiffers: false);
    }
}
