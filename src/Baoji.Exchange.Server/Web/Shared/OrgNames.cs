using Baoji.Exchange.Contracts.Registry;
using Baoji.Exchange.Server.Registry;

namespace Baoji.Exchange.Server.Web.Shared;

/// <summary>Organisations as the pages show them: by name, with the code kept for the tooltip.</summary>
public sealed class OrgNames(RegistryReader registry)
{
    /// <summary>The named organisations that exist, by id (unknown ids are left out: the page shows the id then).</summary>
    public async Task<IReadOnlyDictionary<string, Organization>> ResolveAsync(IEnumerable<string> ids)
    {
        var wanted = ids.Where(Api.OrganizationIds.IsWellFormed).Distinct(StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(wanted.Select(registry.GetAsync));
        return found.OfType<Organization>().ToDictionary(o => o.Id, StringComparer.Ordinal);
    }

    /// <summary>The organisations paired with <paramref name="organizationId"/> (the partner city too, for a city).</summary>
    public async Task<IReadOnlyList<Organization>> PartnersOfAsync(string organizationId)
    {
        var self = await registry.GetAsync(organizationId);
        if (self is null)
        {
            return [];
        }

        var ids = (await registry.PairingsAsync(organizationId)).SelectMany(p => p.PartyIds).Where(id => id != organizationId).ToList();
        if (self.Kind == OrganizationKind.City)
        {
            ids.AddRange((await registry.ListAsync(OrganizationKind.City, null)).Where(c => c.Province != self.Province).Select(c => c.Id));
        }

        return [.. (await ResolveAsync(ids)).Values.OrderBy(o => o.Id, StringComparer.Ordinal)];
    }

    public Task<Organization?> GetAsync(string id) => Api.OrganizationIds.IsWellFormed(id) ? registry.GetAsync(id) : Task.FromResult<Organization?>(null);
}
