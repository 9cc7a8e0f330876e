using System.Text.RegularExpressions;
using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Grains.Ledger;

namespace Baoji.Exchange.Grains.Identity;

/// <summary>
/// The rules of accounts that need no storage: what a login, a display name and a password may be, and the lockout
/// arithmetic (wrong passwords in a row lock the account for a while; a right one, or a reset, starts again).
/// </summary>
public static partial class AccountRules
{
    /// <summary>The login of the administrator's account, created at first start; no one else may take it.</summary>
    public const string AdminLogin = "admin";

    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;
    public const int MaxDisplayNameLength = 50;

    public static readonly LockoutPolicy DefaultLockout = new(5, TimeSpan.FromMinutes(15));

    [GeneratedRegex("^[a-z0-9._-]{3,64}$")]
    private static partial Regex LoginShape();

    /// <summary>The login as stored (trimmed, lower case), or null when it is no login: it becomes a grain key.</summary>
    public static string? NormalizeLogin(string? login)
    {
        var normalized = login?.Trim().ToLowerInvariant();
        return normalized is not null && LoginShape().IsMatch(normalized) ? normalized : null;
    }

    public static string? LoginProblem(string field, string? login) => NormalizeLogin(login) is null
        ? $"{field} is 3–64 characters: lower-case letters, digits, '.', '_' and '-'."
        : null;

    /// <summary>A display name is a person's name (Chinese names are welcome), under the text rule of every stored text.</summary>
    public static string? DisplayNameProblem(string field, string? displayName) =>
        RecordRules.TextProblem(field, displayName, MaxDisplayNameLength, required: true, multiLine: false);

    public static string? PasswordProblem(string field, string? password)
    {
        if (password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            return $"{field} is {MinPasswordLength}–{MaxPasswordLength} characters.";
        }

        return password.Any(char.IsControl) ? $"{field} holds no control characters." : null;
    }

    /// <summary>Is the account locked at <paramref name="now"/>?</summary>
    public static bool IsLocked(PersonAccount account, DateTimeOffset now) => account.LockedUntil is { } until && until > now;

    /// <summary>
    /// The account after a wrong password: one more failure in a row; the <see cref="LockoutPolicy.MaxFailedAttempts"/>th
    /// locks it for <see cref="LockoutPolicy.Duration"/> and the count starts again. A failure while locked (which the
    /// sign-in does not even try) changes nothing, so a lockout is not prolonged by an attacker.
    /// </summary>
    public static PersonAccount AfterFailure(PersonAccount account, DateTimeOffset now, LockoutPolicy policy)
    {
        if (IsLocked(account, now))
        {
            return account;
        }

        var failures = account.FailedAttempts + 1;
        return failures >= policy.MaxFailedAttempts
            ? account with { FailedAttempts = 0, LockedUntil = now + policy.Duration }
            : account with { FailedAttempts = failures, LockedUntil = null };
    }

    /// <summary>The account after a right password: no failures, no lockout, the newer hash when the hasher gave one.</summary>
    public static PersonAccount AfterSuccess(PersonAccount account, string? rehashed) =>
        account with { FailedAttempts = 0, LockedUntil = null, PasswordHash = rehashed ?? account.PasswordHash };
}
