namespace Baoji.Exchange.Contracts.Identity;

/// <summary>One person's account, keyed by its login name (lower case, 3–64 of a–z 0–9 . _ -).</summary>
[Alias("baoji.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>The account, or null when none was created under this login.</summary>
    [Alias("Get")]
    Task<PersonAccount?> Get();

    /// <summary>Creates the account once and lists it under its organisation.</summary>
    [Alias("Create")]
    Task<AccountCreation> Create(CreateAccount command);

    /// <summary>Disables or enables the account; null when there is none.</summary>
    [Alias("SetDisabled")]
    Task<PersonAccount?> SetDisabled(bool disabled, string by);

    /// <summary>Replaces the password hash and lifts a lockout; null when there is none.</summary>
    [Alias("ResetPassword")]
    Task<PersonAccount?> ResetPassword(string passwordHash, string by);

    /// <summary>Counts a wrong password, locking the account after <see cref="LockoutPolicy.MaxFailedAttempts"/> in a row.</summary>
    [Alias("RecordFailedSignIn")]
    Task<PersonAccount?> RecordFailedSignIn(LockoutPolicy policy);

    /// <summary>A right password: the count of failures starts again; <paramref name="rehashed"/> replaces an outdated hash.</summary>
    [Alias("RecordSignIn")]
    Task<PersonAccount?> RecordSignIn(string? rehashed);
}
