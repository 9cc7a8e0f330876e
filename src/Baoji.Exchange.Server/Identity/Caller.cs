using System.Security.Claims;

namespace Baoji.Exchange.Server.Identity;

/// <summary>Who is calling: the administrator, or a token acting for one organisation.</summary>
public sealed record Caller(string? OrganizationId, bool IsAdmin)
{
    public const string OrganizationClaim = "baoji:org";
    public const string AdminRole = "admin";

    /// <summary>The token a request came with ("admin" for the administrator's): what rate limits are counted by.</summary>
    public const string TokenClaim = "baoji:token";

    public static Caller From(ClaimsPrincipal user) =>
        new(user.FindFirstValue(OrganizationClaim), user.IsInRole(AdminRole));

    /// <summary>How the caller is recorded in history entries.</summary>
    public string Actor => IsAdmin ? "admin" : OrganizationId ?? "unknown";
}
