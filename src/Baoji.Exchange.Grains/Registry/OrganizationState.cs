using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Grains.Registry;

[GenerateSerializer, Alias("baoji.OrganizationState")]
public sealed class OrganizationState
{
    [Id(0)] public Organization? Organization { get; set; }
}
