namespace Baoji.Exchange.Contracts.Registry;

[GenerateSerializer, Immutable, Alias("baoji.PairingResult")]
public sealed record PairingResult(
    [property: Id(0)] Pairing Pairing,
    [property: Id(1)] bool Created,
    [property: Id(2)] bool Conflict);
