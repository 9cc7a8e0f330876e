using System.Security.Claims;

namespace Baoji.Exchange.Server.Identity;

/// <summary>
/// Who is calling: the administrator, or a token acting for one organisation, or a signed-in person acting for their
/// organisation (the administrator's account for all), with <see cref="Login"/> and <see cref="PersonName"/> set.
/// </summary>
public sealed record Caller(string? OrganizationId, bool IsAdmin, string? Login = null, string? PersonName = null)
{
    public const string OrganizationClaim = "baoji:org";
    public const string AdminRole = "admin";

    /// <summary>The token a request came with ("admin" for the administrator's): what rate limits are counted by.</summary>
    public const string TokenClaim = "baoji:token";

    /// <summary>The login of a signed-in person (cookie sign-in only).</summary>
    public const string LoginClaim = "baoji:login";

    /// <summary>The display name of a signed-in person (cookie sign-in only).</summary>
    public const string PersonClaim = "baoji:person";

    public static Caller From(ClaimsPrincipal user) =>
        new(user.FindFirstValue(OrganizationClaim), user.IsInRole(AdminRole), user.FindFirstValue(LoginClaim), user.FindFirstValue(PersonClaim));

    /// <summary>How the caller is recorded in history entries.</summary>
    public string Actor => IsAdmin ? "admin" : OrganizationId ?? "unknown";

    /// <summary>The caller as a command carries it to a record's history: the organisation, and the person if one signed in.</summary>
    public Contracts.Ledger.Actor ToActor() =>
        new(Actor, Login is null ? null : new Contracts.Ledger.ActingPerson(Login, PersonName ?? Login));
}
