using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Server.Seeding;

/// <summary>The shape of seeds/registry.json.</summary>
public sealed record RegistrySeed(IReadOnlyList<Organization> Organizations, IReadOnlyList<PairingSeed> Pairings);

public sealed record PairingSeed(string Id, PairingLevel Level, IReadOnlyList<string> PartyIds, DateOnly Since, DateOnly? Until, bool Illustrative, string? Note)
{
    public Pairing ToPairing() => new(Id, Level, PartyIds, Since, Until, Illustrative);
}
