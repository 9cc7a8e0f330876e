using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Grains.Registry;

[GenerateSerializer, Alias("baoji.PartnershipState")]
public sealed class PartnershipState
{
    [Id(0)] public Dictionary<string, Pairing> Pairings { get; set; } = new(StringComparer.Ordinal);
}
