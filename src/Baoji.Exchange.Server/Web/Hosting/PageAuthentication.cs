using Baoji.Exchange.Server.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Baoji.Exchange.Server.Web.Hosting;

/// <summary>
/// Pages sign people in with a cookie; the API keeps its bearer tokens. One policy scheme chooses: a request under
/// /api (or with an Authorization header) is the bearer handler's, anything else (pages, the Blazor circuit, page
/// downloads) the cookie's. The API therefore never accepts the cookie, so no page can be made to call it cross-site.
/// </summary>
internal static class PageAuthentication
{
    public const string PolicyScheme = "Baoji";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string SignInPath = "/signin";

    public static AuthenticationBuilder AddPageCookie(this AuthenticationBuilder authentication)
    {
        authentication.AddPolicyScheme(PolicyScheme, "Bearer for the API, cookie for the pages", o =>
            o.ForwardDefaultSelector = context => IsApi(context) ? BearerTokenHandler.SchemeName : CookieScheme);
        return authentication.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "baoji.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the page was served over HTTPS; a loopback HTTP run still signs in.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = SignInPath;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
    }

    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || !string.IsNullOrEmpty(context.Request.Headers.Authorization);
}
