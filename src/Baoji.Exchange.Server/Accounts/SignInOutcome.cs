namespace Baoji.Exchange.Server.Accounts;

/// <summary>How a sign-in ended. A wrong login and a wrong password are one outcome, so neither tells which it was.</summary>
public enum SignInStatus
{
    SignedIn,
    WrongLoginOrPassword,
    LockedOut,
    Disabled,
}

/// <param name="LockedUntil">With <see cref="SignInStatus.LockedOut"/>: when the account may try again.</param>
/// <param name="Account">With <see cref="SignInStatus.SignedIn"/>: who signed in.</param>
public sealed record SignInOutcome(SignInStatus Status, DateTimeOffset? LockedUntil = null, AccountView? Account = null)
{
    public bool Succeeded => Status == SignInStatus.SignedIn;
}
