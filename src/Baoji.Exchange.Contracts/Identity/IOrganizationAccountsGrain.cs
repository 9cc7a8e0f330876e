namespace Baoji.Exchange.Contracts.Identity;

/// <summary>The logins of one organisation's accounts (key: the organisation id), so they can be listed.</summary>
[Alias("baoji.IOrganizationAccountsGrain")]
public interface IOrganizationAccountsGrain : IGrainWithStringKey
{
    /// <summary>At most this many accounts per organisation: the people of one bureau or school.</summary>
    const int MaxAccounts = 1000;

    [Alias("List")]
    Task<IReadOnlyList<string>> List();

    /// <summary>Adds the login (again is a no-op); false when the organisation already has <see cref="MaxAccounts"/>.</summary>
    [Alias("Add")]
    Task<bool> Add(string login);
}
