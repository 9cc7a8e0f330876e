using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Grains.Registry;

public sealed class PartnershipGrain(
    [PersistentState("partnership", StorageNames.GrainState)] IPersistentState<PartnershipState> state)
    : Grain, IPartnershipGrain
{
    public Task<IReadOnlyList<Pairing>> ListPairings() =>
        Task.FromResult<IReadOnlyList<Pairing>>(
            [.. state.State.Pairings.Values.OrderBy(p => p.Since).ThenBy(p => p.Id, StringComparer.Ordinal)]);

    public async Task<PairingResult> AddPairing(Pairing pairing)
    {
        if (state.State.Pairings.TryGetValue(pairing.Id, out var existing))
        {
            var same = existing.Level == pairing.Level
                && existing.PartyIds.SequenceEqual(pairing.PartyIds)
                && existing.Since == pairing.Since
                && existing.Until == pairing.Until;
            return new PairingResult(existing, Created: false, Conflict: !same);
        }

        state.State.Pairings[pairing.Id] = pairing;
        await state.WriteOrDropAsync(this);
        return new PairingResult(pairing, Created: true, Conflict: false);
    }
}
