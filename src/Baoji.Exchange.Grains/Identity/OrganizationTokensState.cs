using Baoji.Exchange.Contracts.Identity;

namespace Baoji.Exchange.Grains.Identity;

[GenerateSerializer, Alias("baoji.OrganizationTokensState")]
public sealed class OrganizationTokensState
{
    /// <summary>Entries in the order they were added, at most <see cref="IOrganizationTokensGrain.MaxTokens"/>.</summary>
    [Id(0)] public List<TokenEntry> Entries { get; set; } = [];
}
