namespace Baoji.Exchange.Server.Web.Hosting;

/// <summary>
/// The sign-in behind the /signin form. Person accounts (login, hashed password, lockout) are their own part of the
/// service; until they are in this host there is no account to check, so every sign-in is refused here.
/// </summary>
internal static class PageSignIn
{
    /// <summary>Null when signed in (the cookie is on the response), else the message to show.</summary>
    public static Task<string?> SignInAsync(HttpContext context, string login, string password) =>
        Task.FromResult<string?>("登录名或密码不正确。");
}
