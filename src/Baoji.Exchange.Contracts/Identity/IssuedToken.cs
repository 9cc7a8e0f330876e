namespace Baoji.Exchange.Contracts.Identity;

/// <summary>What is stored of an API token: never the token itself, only the hash of its secret.</summary>
[GenerateSerializer, Immutable, Alias("baoji.IssuedToken")]
public sealed record IssuedToken(
    [property: Id(0)] string TokenId,
    [property: Id(1)] string OrganizationId,
    [property: Id(2)] string SecretHash,
    [property: Id(3)] DateTimeOffset IssuedAt,
    [property: Id(4)] DateTimeOffset? RevokedAt);
