using System.Globalization;
using Baoji.Exchange.Server.Accounts;

namespace Baoji.Exchange.Server.Web.Hosting;

/// <summary>
/// The sign-in behind the /signin form: <see cref="AccountSignIn"/> checks the person's account (hashed password,
/// lockout, disabled) and sets the cookie; this turns its outcome into what the page says, in Chinese.
/// </summary>
internal static class PageSignIn
{
    /// <summary>Null when signed in (the cookie is on the response), else the message to show.</summary>
    public static async Task<string?> SignInAsync(HttpContext context, string login, string password)
    {
        var outcome = await context.RequestServices.GetRequiredService<AccountSignIn>().SignInAsync(context, login, password);
        return outcome.Status switch
        {
            SignInStatus.SignedIn => null,
            SignInStatus.LockedOut => string.Create(CultureInfo.InvariantCulture,
                $"密码错误次数过多，账户已锁定，请于 {outcome.LockedUntil!.Value.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm}（北京时间）后再试，或请上级管理员重置密码。"),
            SignInStatus.Disabled => "此账户已停用，请联系上级管理员。",
            _ => "登录名或密码不正确。",
        };
    }
}
