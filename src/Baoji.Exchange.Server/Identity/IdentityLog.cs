namespace Baoji.Exchange.Server.Identity;

/// <summary>
/// Log events of identity and accounts: the administrator's token and account at start, and sign-ins.
/// Event ids 1100–1199 (ranges: see BaojiTelemetry).
/// </summary>
internal static partial class IdentityLog
{
    [LoggerMessage(EventId = 1101, EventName = "AdminTokenConfigured", Level = LogLevel.Information, Message = "Administrator token: from configuration Auth:AdminToken")]
    public static partial void AdminTokenConfigured(ILogger logger);

    [LoggerMessage(EventId = 1102, EventName = "AdminTokenInFile", Level = LogLevel.Warning, Message = "Administrator token: in {File} (readable by its owner only)")]
    public static partial void AdminTokenInFile(ILogger logger, string file);

    [LoggerMessage(EventId = 1103, EventName = "AdminTokenFileLost", Level = LogLevel.Warning,
        Message = "Administrator token: a generated one is in force but {File} is gone; set Auth:AdminToken to take over")]
    public static partial void AdminTokenFileLost(ILogger logger, string file);

    [LoggerMessage(EventId = 1111, EventName = "AdminAccountConfigured", Level = LogLevel.Information,
        Message = "Administrator sign-in: account admin, password from configuration Auth:AdminPassword")]
    public static partial void AdminAccountConfigured(ILogger logger);

    [LoggerMessage(EventId = 1112, EventName = "AdminPasswordInFile", Level = LogLevel.Warning,
        Message = "Administrator sign-in: open {Path}, login {Login}, password in {File} (readable by its owner only)")]
    public static partial void AdminPasswordInFile(ILogger logger, string path, string login, string file);

    [LoggerMessage(EventId = 1113, EventName = "AdminPasswordFileLost", Level = LogLevel.Warning,
        Message = "Administrator sign-in: the account admin exists but {File} is gone; set Auth:AdminPassword to reset its password")]
    public static partial void AdminPasswordFileLost(ILogger logger, string file);

    [LoggerMessage(EventId = 1114, EventName = "AdminAccountNotCreated", Level = LogLevel.Warning,
        Message = "Administrator sign-in: no account admin yet; with Auth:AdminToken configured, set Auth:AdminPassword as well to create it")]
    public static partial void AdminAccountNotCreated(ILogger logger);

    [LoggerMessage(EventId = 1121, EventName = "SignedIn", Level = LogLevel.Information, Message = "Account {Login} signed in")]
    public static partial void SignedIn(ILogger logger, string login);

    [LoggerMessage(EventId = 1122, EventName = "SignInFailed", Level = LogLevel.Information, Message = "Sign-in as {Login} failed: wrong login or password")]
    public static partial void SignInFailed(ILogger logger, string login);

    [LoggerMessage(EventId = 1123, EventName = "SignInLocked", Level = LogLevel.Warning, Message = "Sign-in as {Login} refused: locked until {LockedUntil}")]
    public static partial void SignInLocked(ILogger logger, string login, DateTimeOffset lockedUntil);
}
