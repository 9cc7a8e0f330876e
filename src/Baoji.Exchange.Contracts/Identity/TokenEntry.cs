using Baoji.Exchange.Contracts.Ledger;

namespace Baoji.Exchange.Contracts.Identity;

/// <summary>
/// One token in its organisation's register (<see cref="IOrganizationTokensGrain"/>): what the list shows beside the
/// token grain's own state. Never the token or its hash.
/// </summary>
/// <param name="IssuedBy">Who issued it, as history names callers: the organisation ("admin" for the administrator) and the person when one signed in.</param>
/// <param name="Label">What the token is for, as the issuer wrote it; optional.</param>
[GenerateSerializer, Immutable, Alias("baoji.TokenEntry")]
public sealed record TokenEntry(
    [property: Id(0)] string TokenId,
    [property: Id(1)] Actor IssuedBy,
    [property: Id(2)] string? Label,
    [property: Id(3)] DateTimeOffset IssuedAt);
