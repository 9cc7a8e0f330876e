using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Grains.Registry;

[GenerateSerializer, Alias("baoji.OrganizationDirectoryState")]
public sealed class OrganizationDirectoryState
{
    [Id(0)] public Dictionary<string, Organization> Children { get; set; } = new(StringComparer.Ordinal);
}
