using Baoji.Exchange.Server.Api;

namespace Baoji.Exchange.Server.Accounts;

/// <summary>What an account operation came to: the account (or the list), or the status and the field at fault.</summary>
public sealed record AccountOutcome(int Status, AccountView? Account = null, IReadOnlyList<AccountView>? Accounts = null, FieldErrors? Errors = null)
{
    public bool Created => Status == 201;

    public static AccountOutcome Ok(AccountView account, bool created = false) => new(created ? 201 : 200, account);

    public static AccountOutcome List(IReadOnlyList<AccountView> accounts) => new(200, Accounts: accounts);

    public static AccountOutcome Problem(int status, string field, string message) => new(status, Errors: FieldErrors.Of(field, message));

    public static AccountOutcome Invalid(FieldErrors errors) => new(400, Errors: errors);
}
