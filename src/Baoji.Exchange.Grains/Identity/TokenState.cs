using Baoji.Exchange.Contracts.Identity;

namespace Baoji.Exchange.Grains.Identity;

[GenerateSerializer, Alias("baoji.TokenState")]
public sealed class TokenState
{
    [Id(0)] public IssuedToken? Token { get; set; }
}
