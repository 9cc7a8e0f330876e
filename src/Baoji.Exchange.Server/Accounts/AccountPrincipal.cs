using System.Security.Claims;
using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Server.Identity;

namespace Baoji.Exchange.Server.Accounts;

/// <summary>
/// The principal a signed-in person's cookie carries: the claims the bearer handler gives a token of the same
/// organisation (organisation, admin role, the rate-limit key), plus the person (login, display name) and the
/// account's stamp, which ends the sign-in when the password is reset or the account disabled.
/// </summary>
public static class AccountPrincipal
{
    public const string StampClaim = "baoji:stamp";

    public static ClaimsPrincipal Of(PersonAccount account, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, RateKey(account.Login)),
            new(ClaimTypes.Name, account.DisplayName),
            new(Caller.TokenClaim, RateKey(account.Login)),
            new(Caller.LoginClaim, account.Login),
            new(Caller.PersonClaim, account.DisplayName),
            new(StampClaim, account.Stamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (account.OrganizationId is { } organizationId)
        {
            claims.Add(new Claim(Caller.OrganizationClaim, organizationId));
        }

        if (account.IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, Caller.AdminRole));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Does the cookie still speak for the account as it is stored (same stamp, organisation and role, enabled)?</summary>
    public static bool StillValid(ClaimsPrincipal principal, PersonAccount? account) =>
        account is { Disabled: false }
        && principal.FindFirstValue(StampClaim) == account.Stamp.ToString(System.Globalization.CultureInfo.InvariantCulture)
        && principal.FindFirstValue(Caller.OrganizationClaim) == account.OrganizationId
        && principal.IsInRole(Caller.AdminRole) == account.IsAdmin;

    /// <summary>What rate limits count a person's requests by (<see cref="Caller.TokenClaim"/>).</summary>
    public static string RateKey(string login) => $"account:{login}";
}
