namespace Baoji.Exchange.Contracts.Registry;

/// <summary>
/// The children of one organisation (key: the parent id, or <see cref="RootKey"/> for cities).
/// Sharded by parent so that no directory grows beyond one county's schools.
/// </summary>
[Alias("baoji.IOrganizationDirectoryGrain")]
public interface IOrganizationDirectoryGrain : IGrainWithStringKey
{
    const string RootKey = "root";

    [Alias("List")]
    Task<IReadOnlyList<Organization>> List();

    [Alias("Put")]
    Task Put(Organization organization);

    [Alias("Remove")]
    Task Remove(string organizationId);
}
