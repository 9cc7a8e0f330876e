namespace Baoji.Exchange.Contracts.Registry;

/// <summary>
/// The partnership of two cities (key: "610300-320300", Shaanxi city first) with every county and
/// school pairing between them. Bounded by the number of schools of the two cities.
/// </summary>
[Alias("baoji.IPartnershipGrain")]
public interface IPartnershipGrain : IGrainWithStringKey
{
    [Alias("ListPairings")]
    Task<IReadOnlyList<Pairing>> ListPairings();

    /// <summary>Adds a pairing. Adding the same pairing again changes nothing; a different one under a used id is refused.</summary>
    [Alias("AddPairing")]
    Task<PairingResult> AddPairing(Pairing pairing);
}
