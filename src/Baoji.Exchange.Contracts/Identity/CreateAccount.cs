namespace Baoji.Exchange.Contracts.Identity;

/// <summary>
/// Creates the account of the grain's login. <see cref="OperationId"/> is stored with it: the same create sent again
/// (a retry) is recognised and answered as the first was; another create of the same login is refused.
/// </summary>
/// <param name="OrganizationId">The organisation the person acts for; null only for the administrator.</param>
/// <param name="CreatedBy">Who creates it, as history names callers ("admin", an organisation id, "account:&lt;login&gt;").</param>
[GenerateSerializer, Immutable, Alias("baoji.CreateAccount")]
public sealed record CreateAccount(
    [property: Id(0)] string OperationId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? OrganizationId,
    [property: Id(3)] bool IsAdmin,
    [property: Id(4)] string PasswordHash,
    [property: Id(5)] string CreatedBy);

/// <summary>
/// The account after a create, and whether this create (or an earlier attempt of it) made it. No account: none
/// existed and the organisation already has its maximum (<see cref="IOrganizationAccountsGrain.MaxAccounts"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("baoji.AccountCreation")]
public sealed record AccountCreation(
    [property: Id(0)] PersonAccount? Account,
    [property: Id(1)] bool Created);

/// <summary>How many wrong passwords in a row lock an account, and for how long.</summary>
[GenerateSerializer, Immutable, Alias("baoji.LockoutPolicy")]
public sealed record LockoutPolicy(
    [property: Id(0)] int MaxFailedAttempts,
    [property: Id(1)] TimeSpan Duration);
