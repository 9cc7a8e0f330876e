using Baoji.Exchange.Contracts.Identity;

namespace Baoji.Exchange.Server.Accounts;

/// <summary>An account as the API and the pages show it: everything but the password hash.</summary>
public sealed record AccountView(
    string Login, string DisplayName, string? OrganizationId, bool IsAdmin, bool Disabled, DateTimeOffset? LockedUntil,
    string CreatedBy, DateTimeOffset CreatedAt, string? ChangedBy, DateTimeOffset? ChangedAt)
{
    public static AccountView Of(PersonAccount account, DateTimeOffset now) => new(
        account.Login, account.DisplayName, account.OrganizationId, account.IsAdmin, account.Disabled,
        account.LockedUntil is { } until && until > now ? until : null,
        account.CreatedBy, account.CreatedAt, account.ChangedBy, account.ChangedAt);
}

/// <summary>The body of POST /api/v1/accounts.</summary>
public sealed record AccountRequest(string? Login, string? DisplayName, string? OrganizationId, string? Password);

/// <summary>The body of POST /api/v1/accounts/{login}/password.</summary>
public sealed record PasswordResetRequest(string? Password);
