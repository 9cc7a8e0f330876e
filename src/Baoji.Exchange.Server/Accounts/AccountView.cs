using System.Text.Json.Serialization;
using Baoji.Exchange.Contracts.Identity;

namespace Baoji.Exchange.Server.Accounts;

/// <summary>
/// An account as the API and the pages show it: everything but the password hash. <see cref="Password"/> is there only
/// in the answer to the create that generated it (shown once, stored only as a hash).
/// </summary>
public sealed record AccountView(
    string Login, string DisplayName, string? OrganizationId, bool IsAdmin, bool Disabled, DateTimeOffset? LockedUntil,
    string CreatedBy, DateTimeOffset CreatedAt, string? ChangedBy, DateTimeOffset? ChangedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Password = null)
{
    public static AccountView Of(PersonAccount account, DateTimeOffset now) => new(
        account.Login, account.DisplayName, account.OrganizationId, account.IsAdmin, account.Disabled,
        account.LockedUntil is { } until && until > now ? until : null,
        account.CreatedBy, account.CreatedAt, account.ChangedBy, account.ChangedAt);
}

/// <summary>The body of POST /api/v1/accounts; without a password one is generated and answered once.</summary>
public sealed record AccountRequest(string? Login, string? DisplayName, string? OrganizationId, string? Password);

/// <summary>The body of POST /api/v1/me/password: the person's current password and the new one.</summary>
public sealed record OwnPasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>The body of POST /api/v1/accounts/{login}/password.</summary>
public sealed record PasswordResetRequest(string? Password);

/// <summary>The caller as GET /api/v1/me describes it: the organisation and role, and the person when one signed in.</summary>
public sealed record MeView(string? OrganizationId, bool IsAdmin, string Role, string? Login, string? DisplayName);
