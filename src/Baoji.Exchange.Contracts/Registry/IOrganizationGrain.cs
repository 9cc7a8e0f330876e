namespace Baoji.Exchange.Contracts.Registry;

/// <summary>One organisation of the registry, keyed by its id.</summary>
[Alias("baoji.IOrganizationGrain")]
public interface IOrganizationGrain : IGrainWithStringKey
{
    /// <summary>The organisation, or null when it is not registered.</summary>
    [Alias("Get")]
    Task<Organization?> Get();

    /// <summary>Creates or replaces the organisation; returns true when something changed.</summary>
    [Alias("Upsert")]
    Task<bool> Upsert(Organization organization);
}
