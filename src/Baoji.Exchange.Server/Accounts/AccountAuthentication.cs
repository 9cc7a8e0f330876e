using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Server.Api;
using Baoji.Exchange.Server.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Accounts;

/// <summary>
/// The two ways in: a request with an Authorization header is the bearer handler's (the API's tokens), any other
/// is the sign-in cookie's (the pages' people). A page request without a sign-in is sent to /signin; an API request
/// never is: it gets the bearer handler's 401 (or 403) problem.
/// </summary>
public static class AccountAuthentication
{
    /// <summary>The default scheme: picks bearer or cookie per request.</summary>
    public const string SelectorScheme = "BearerOrCookie";

    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public const string SignInPath = "/signin";

    /// <summary>The header an API change made with the sign-in cookie carries the antiforgery token in.</summary>
    public const string AntiforgeryHeader = "RequestVerificationToken";

    public static IServiceCollection AddBaojiAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<AccountPasswords>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<AccountSignIn>();
        services.AddHostedService<AccountBootstrap>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = AntiforgeryHeader;
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<AuthOptions>>((cookie, auth) =>
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(auth.Value.SignInIdleMinutes));

        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Bearer token or sign-in cookie", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0 ? BearerTokenHandler.SchemeName : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "baoji.signin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.LoginPath = SignInPath;
                o.AccessDeniedPath = SignInPath;
                o.ReturnUrlParameter = "returnUrl";
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateAsync,
                    OnRedirectToLogin = c => IsApi(c.Request) ? c.HttpContext.ChallengeAsync(BearerTokenHandler.SchemeName) : Redirect(c),
                    OnRedirectToAccessDenied = c => IsApi(c.Request) ? c.HttpContext.ForbidAsync(BearerTokenHandler.SchemeName) : Redirect(c),
                };
            });
        return services;
    }

    /// <summary>
    /// After authentication and authorization: the antiforgery check of forms (the sign-in posts, the pages' forms), and
    /// for API requests that a sign-in cookie authenticates and that change something (not GET, HEAD, OPTIONS), the
    /// same token in the <see cref="AntiforgeryHeader"/> header. A browser sends the cookie with whatever a page of
    /// another site makes it post (SameSite=Lax covers other sites, not other hosts of this one); a token it cannot
    /// read it cannot send. Bearer-token requests carry no cookie and need no token.
    /// </summary>
    public static IApplicationBuilder UseBaojiSignIn(this IApplicationBuilder app)
    {
        app.UseAntiforgery();
        return app.Use(async (http, next) =>
        {
            if (IsApi(http.Request) && http.User.Identity?.AuthenticationType == CookieScheme && !IsSafe(http.Request.Method)
                && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                var message = $"A change made with the sign-in cookie carries the antiforgery token in the {AntiforgeryHeader} header.";
                await ProblemWriter.WriteAsync(http, new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "Antiforgery token missing or invalid",
                    Detail = message,
                    Extensions = { ["errors"] = new Dictionary<string, string[]> { [AntiforgeryHeader] = [message] } },
                });
                return;
            }

            await next(http);
        });
    }

    /// <summary>Every request re-reads the account (one in-memory grain call): a disabled account or a reset password ends the sign-in at once.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var login = context.Principal?.FindFirst(Caller.LoginClaim)?.Value;
        var account = login is null ? null : await context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(login).Get();
        if (!AccountPrincipal.StillValid(context.Principal!, account))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>
    /// Requests answered with a status rather than a redirect to /signin: the API's, and the dashboard's unless a
    /// browser navigates to it (its own scripts ask for JSON, a script or a monitor gets 401/403 like the API's callers).
    /// </summary>
    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments(Hosting.DashboardSetup.Path, StringComparison.OrdinalIgnoreCase)
            && !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
