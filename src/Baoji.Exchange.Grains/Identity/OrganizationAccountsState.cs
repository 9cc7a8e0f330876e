namespace Baoji.Exchange.Grains.Identity;

[GenerateSerializer, Alias("baoji.OrganizationAccountsState")]
public sealed class OrganizationAccountsState
{
    /// <summary>Logins in the order they were added, at most <see cref="Contracts.Identity.IOrganizationAccountsGrain.MaxAccounts"/>.</summary>
    [Id(0)] public List<string> Logins { get; set; } = [];
}
