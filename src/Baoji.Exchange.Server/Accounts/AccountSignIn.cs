using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Grains.Identity;
using Baoji.Exchange.Server.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Baoji.Exchange.Server.Accounts;

/// <summary>
/// Cookie sign-in of a person, for the pages (the API keeps bearer tokens). A locked account is not even tried, so
/// guessing on during a lockout learns nothing; a disabled account says so only to whoever knows its password.
/// </summary>
public sealed class AccountSignIn(
    IGrainFactory grains, AccountPasswords passwords, IOptions<AuthOptions> options, TimeProvider time, ILogger<AccountSignIn> logger)
{
    public async Task<SignInOutcome> SignInAsync(HttpContext context, string login, string password)
    {
        var (outcome, account) = await CheckAsync(login, password);
        if (outcome.Succeeded)
        {
            await context.SignInAsync(AccountAuthentication.CookieScheme, AccountPrincipal.Of(account!, AccountAuthentication.CookieScheme));
        }

        return outcome;
    }

    public Task SignOutAsync(HttpContext context) => context.SignOutAsync(AccountAuthentication.CookieScheme);

    /// <summary>Checks the password and keeps the count of failures; no HTTP, so it is the rule whatever signs in.</summary>
    public async Task<(SignInOutcome Outcome, PersonAccount? Account)> CheckAsync(string? login, string? password)
    {
        var normalized = AccountRules.NormalizeLogin(login);
        var grain = normalized is null ? null : grains.GetGrain<IAccountGrain>(normalized);
        var account = grain is null ? null : await grain.Get();
        password ??= string.Empty;
        if (account is null)
        {
            passwords.VerifyDecoy(password);
            IdentityLog.SignInFailed(logger, normalized ?? "(no login)");
            return (new SignInOutcome(SignInStatus.WrongLoginOrPassword), null);
        }

        if (AccountRules.IsLocked(account, time.GetUtcNow()))
        {
            IdentityLog.SignInLocked(logger, account.Login, account.LockedUntil!.Value);
            return (new SignInOutcome(SignInStatus.LockedOut, account.LockedUntil), null);
        }

        var (matches, rehashed) = passwords.Verify(account.PasswordHash, password);
        if (!matches)
        {
            var after = await grain!.RecordFailedSignIn(Policy);
            IdentityLog.SignInFailed(logger, account.Login);
            return after is not null && AccountRules.IsLocked(after, time.GetUtcNow())
                ? (new SignInOutcome(SignInStatus.LockedOut, after.LockedUntil), null)
                : (new SignInOutcome(SignInStatus.WrongLoginOrPassword), null);
        }

        if (account.Disabled)
        {
            return (new SignInOutcome(SignInStatus.Disabled), null);
        }

        var signedIn = await grain!.RecordSignIn(rehashed) ?? account;
        IdentityLog.SignedIn(logger, account.Login);
        return (new SignInOutcome(SignInStatus.SignedIn, Account: AccountView.Of(signedIn, time.GetUtcNow())), signedIn);
    }

    private LockoutPolicy Policy => new(options.Value.LockoutMaxFailedAttempts, TimeSpan.FromMinutes(options.Value.LockoutMinutes));
}
