using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Server.Api;

namespace Baoji.Exchange.Server.Identity;

/// <summary>The body of POST /api/v1/tokens: the organisation the token acts for and, optionally, what it is for.</summary>
public sealed record TokenRequest(string? OrganizationId, string? Label = null);

/// <summary>The issued token: shown once, stored only as a hash.</summary>
public sealed record TokenResponse(string TokenId, string Token, string OrganizationId, string? Label, DateTimeOffset IssuedAt);

/// <summary>
/// A token as GET /api/v1/tokens and the 管理 page show it: whose it is, what for, when and by whom it was issued, and
/// when it was revoked. Never the token or its hash.
/// </summary>
public sealed record TokenView(
    string TokenId, string OrganizationId, string? Label, DateTimeOffset IssuedAt, string IssuedBy,
    ActingPerson? IssuedByPerson, DateTimeOffset? RevokedAt)
{
    public bool Active => RevokedAt is null;
}

/// <summary>The answer of GET /api/v1/tokens: newest first.</summary>
public sealed record TokenList(IReadOnlyList<TokenView> Items);

/// <summary>What a token operation came to: the issued token, the list, or the status and the field at fault.</summary>
public sealed record TokenOutcome(int Status, TokenResponse? Issued = null, IReadOnlyList<TokenView>? Tokens = null, FieldErrors? Errors = null)
{
    public static TokenOutcome Problem(int status, string field, string message) => new(status, Errors: FieldErrors.Of(field, message));

    public static TokenOutcome Invalid(FieldErrors errors) => new(400, Errors: errors);
}
