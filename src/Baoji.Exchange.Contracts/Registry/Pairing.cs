namespace Baoji.Exchange.Contracts.Registry;

/// <summary>A standing pairing (结对) of two counties or two schools, one on each side.</summary>
[GenerateSerializer, Immutable, Alias("baoji.Pairing")]
public sealed record Pairing(
    [property: Id(0)] string Id,
    [property: Id(1)] PairingLevel Level,
    [property: Id(2)] IReadOnlyList<string> PartyIds,
    [property: Id(3)] DateOnly Since,
    [property: Id(4)] DateOnly? Until,
    [property: Id(5)] bool Illustrative = false);
