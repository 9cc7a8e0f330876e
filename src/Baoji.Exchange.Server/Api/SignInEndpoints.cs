using Baoji.Exchange.Server.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Baoji.Exchange.Server.Api;

/// <summary>
/// Plain form posts for signing in and out (the /signin page may post here or call <see cref="AccountSignIn"/> itself).
/// They bind a form, so the antiforgery middleware's verdict is enforced: without a valid token, 400.
/// </summary>
public static class SignInEndpoints
{
    public static void MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("account").ExcludeFromDescription();
        account.MapPost("signin", SignInAsync);
        account.MapPost("signout", SignOutAsync);
    }

    private static async Task<IResult> SignInAsync([FromForm] SignInForm form, HttpContext http, AccountSignIn signIn)
    {
        var outcome = await signIn.SignInAsync(http, form.Login ?? string.Empty, form.Password ?? string.Empty);
        if (outcome.Succeeded)
        {
            return Results.LocalRedirect(LocalUrls.OrRoot(form.ReturnUrl));
        }

        // Back to the page with what went wrong (wrong login and wrong password alike: "credentials").
        var error = outcome.Status switch
        {
            SignInStatus.LockedOut => "locked",
            SignInStatus.Disabled => "disabled",
            _ => "credentials",
        };
        var query = QueryString.Create([
            new("error", error),
            new("returnUrl", LocalUrls.OrRoot(form.ReturnUrl)),
            .. outcome.LockedUntil is { } until ? [new KeyValuePair<string, string?>("until", until.ToString("O"))] : Array.Empty<KeyValuePair<string, string?>>(),
        ]);
        return Results.LocalRedirect(AccountAuthentication.SignInPath + query.ToUriComponent());
    }

    private static async Task<IResult> SignOutAsync([FromForm] SignOutForm? form, HttpContext http, AccountSignIn signIn)
    {
        // The header's 退出 form posts nothing but its antiforgery token: form binding then gives no form at all.
        await signIn.SignOutAsync(http);
        return Results.LocalRedirect(LocalUrls.OrRoot(form?.ReturnUrl));
    }
}

/// <summary>The fields of the sign-in form; each may be missing (a class, not a record: form binding requires constructor parameters).</summary>
public sealed class SignInForm
{
    public string? Login { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>The fields of the sign-out form (besides the antiforgery token).</summary>
public sealed class SignOutForm
{
    public string? ReturnUrl { get; set; }
}
