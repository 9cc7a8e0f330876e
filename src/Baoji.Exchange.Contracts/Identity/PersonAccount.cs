namespace Baoji.Exchange.Contracts.Identity;

/// <summary>
/// A person's account, keyed by its login name. Only the PasswordHasher's hash of the password is kept.
/// <see cref="Stamp"/> changes when the password is reset or the account disabled, so sign-ins made before end.
/// </summary>
[GenerateSerializer, Immutable, Alias("baoji.PersonAccount")]
public sealed record PersonAccount(
    [property: Id(0)] string Login,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? OrganizationId,
    [property: Id(3)] bool IsAdmin,
    [property: Id(4)] string PasswordHash,
    [property: Id(5)] bool Disabled,
    [property: Id(6)] int FailedAttempts,
    [property: Id(7)] DateTimeOffset? LockedUntil,
    [property: Id(8)] string CreatedBy,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] int Stamp,
    [property: Id(11)] string? ChangedBy,
    [property: Id(12)] DateTimeOffset? ChangedAt);
