using Baoji.Exchange.Contracts.Identity;
using Baoji.Exchange.Grains.Identity;

namespace Baoji.Exchange.Grains.Tests.Identity;

/// <summary>The account rules that need no storage: logins, names, passwords, and the lockout arithmetic on a clock of its own.</summary>
public sealed class AccountRulesTests
{
    private static readonly DateTimeOffset T0 = new(2024, 4, 9, 8, 0, 0, TimeSpan.Zero);
    private static readonly LockoutPolicy Policy = AccountRules.DefaultLockout;

    private static PersonAccount Account() => new(
        "wang.li", "王立", "610327", false, "hash", false, 0, null, "admin", T0, 1, null, null);

    [Theory]
    [InlineData("Wang.Li", "wang.li")]
    [InlineData("  lx_clerk-01 ", "lx_clerk-01")]
    [InlineData("abc", "abc")]
    [InlineData("ab", null)]
    [InlineData("a/b", null)]
    [InlineData("王立", null)]
    [InlineData("a b c", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_login_is_lower_case_letters_digits_dot_underscore_dash(string? login, string? expected) =>
        Assert.Equal(expected, AccountRules.NormalizeLogin(login));

    [Fact]
    public void A_login_is_at_most_64_characters() =>
        Assert.Equal((new string('a', 64), null), (AccountRules.NormalizeLogin(new string('a', 64)), AccountRules.NormalizeLogin(new string('a', 65))));

    [Theory]
    [InlineData("王立", true)]
    [InlineData("欧阳·娜娜", true)]
    [InlineData("Li Wang", true)]
    [InlineData("王\u202E立", false)]
    [InlineData("王\n立", false)]
    [InlineData("  ", false)]
    public void A_display_name_keeps_the_text_rule(string name, bool ok) =>
        Assert.Equal(ok, AccountRules.DisplayNameProblem("displayName", name) is null);

    [Theory]
    [InlineData("1234567", false)]
    [InlineData("12345678", true)]
    [InlineData("密码密码密码密码", true)]
    [InlineData("pass\0word", false)]
    public void A_password_is_8_to_128_characters_without_control_characters(string password, bool ok) =>
        Assert.Equal(ok, AccountRules.PasswordProblem("password", password) is null);

    [Fact]
    public void Four_failures_count_and_the_fifth_locks_for_fifteen_minutes()
    {
        var account = Account();
        for (var i = 1; i <= 4; i++)
        {
            account = AccountRules.AfterFailure(account, T0.AddSeconds(i), Policy);
            Assert.Equal((i, false), (account.FailedAttempts, AccountRules.IsLocked(account, T0.AddSeconds(i))));
        }

        account = AccountRules.AfterFailure(account, T0.AddSeconds(5), Policy);

        Assert.Equal(T0.AddSeconds(5).AddMinutes(15), account.LockedUntil);
        Assert.True(AccountRules.IsLocked(account, T0.AddSeconds(5).AddMinutes(15).AddTicks(-1)));
        Assert.False(AccountRules.IsLocked(account, T0.AddSeconds(5).AddMinutes(15)));
    }

    [Fact]
    public void A_failure_while_locked_does_not_prolong_the_lockout()
    {
        var locked = Account() with { LockedUntil = T0.AddMinutes(15) };

        Assert.Same(locked, AccountRules.AfterFailure(locked, T0.AddMinutes(14), Policy));
    }

    [Fact]
    public void After_a_lockout_the_count_starts_again()
    {
        var locked = Account() with { LockedUntil = T0.AddMinutes(15) };

        var after = AccountRules.AfterFailure(locked, T0.AddMinutes(16), Policy);

        Assert.Equal((1, (DateTimeOffset?)null), (after.FailedAttempts, after.LockedUntil));
    }

    [Fact]
    public void A_right_password_clears_the_failures_and_takes_a_newer_hash()
    {
        var failed = Account() with { FailedAttempts = 4 };

        Assert.Equal((0, "hash"), (AccountRules.AfterSuccess(failed, null).FailedAttempts, AccountRules.AfterSuccess(failed, null).PasswordHash));
        Assert.Equal("rehashed", AccountRules.AfterSuccess(failed, "rehashed").PasswordHash);
    }

    [Fact]
    public void The_lockout_policy_is_the_one_configured()
    {
        var strict = new LockoutPolicy(2, TimeSpan.FromHours(1));

        var account = AccountRules.AfterFailure(AccountRules.AfterFailure(Account(), T0, strict), T0, strict);

        Assert.Equal(T0.AddHours(1), account.LockedUntil);
    }
}
