using Baoji.Exchange.Contracts.Ledger;
using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Server.Registry;

namespace Baoji.Exchange.Server.Ledger;

/// <summary>Looks a record's parties up in the registry: that they exist, and where they sit.</summary>
public sealed class PartyResolver(RegistryReader registry)
{
    /// <summary>The party, or null when the organisation is not registered (or its chain up to a city is broken).</summary>
    public async Task<PartyRef?> ResolveAsync(string organizationId)
    {
        var organization = await registry.GetAsync(organizationId);
        if (organization is null)
        {
            return null;
        }

        string? countyId = null;
        var current = organization;
        for (var hops = 0; current.Kind != OrganizationKind.City && hops < 3; hops++)
        {
            if (current.Kind == OrganizationKind.County)
            {
                countyId = current.Id;
            }

            current = current.ParentId is null ? null : await registry.GetAsync(current.ParentId);
            if (current is null)
            {
                return null;
            }
        }

        return current.Kind == OrganizationKind.City
            ? new PartyRef(organization.Id, organization.Kind, countyId, current.Id, organization.Province)
            : null;
    }
}
