using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Server.Registry;

/// <summary>Reads the registry through the per-parent directory grains (cities → counties → schools).</summary>
public sealed class RegistryReader(IGrainFactory grains)
{
    public async Task<IReadOnlyList<Organization>> ListAsync(OrganizationKind? kind, string? parentId)
    {
        if (parentId is not null)
        {
            var children = await Directory(parentId).List();
            return [.. children.Where(o => kind is null || o.Kind == kind)];
        }

        var result = new List<Organization>();
        var level = await Directory(IOrganizationDirectoryGrain.RootKey).List();
        for (var depth = OrganizationKind.City; depth <= OrganizationKind.School; depth++)
        {
            if (kind is null || kind == depth)
            {
                result.AddRange(level);
            }

            if (kind == depth || depth == OrganizationKind.School)
            {
                break;
            }

            var next = await Task.WhenAll(level.Select(o => Directory(o.Id).List()));
            level = [.. next.SelectMany(l => l)];
        }

        return result;
    }

    public Task<Organization?> GetAsync(string id) => grains.GetGrain<IOrganizationGrain>(id).Get();

    /// <summary>The city an organisation belongs to (itself for a city), or null when unknown.</summary>
    public async Task<Organization?> CityOfAsync(string id)
    {
        var current = await GetAsync(id);
        for (var hops = 0; current is not null && current.Kind != OrganizationKind.City && hops < 3; hops++)
        {
            current = current.ParentId is null ? null : await GetAsync(current.ParentId);
        }

        return current?.Kind == OrganizationKind.City ? current : null;
    }

    /// <summary>The pairings of every partnership between a Shaanxi and a Jiangsu city, those of one organisation when named.</summary>
    public async Task<IReadOnlyList<Pairing>> PairingsAsync(string? organizationId)
    {
        var cities = await ListAsync(OrganizationKind.City, null);
        var keys = cities.Where(c => c.Province == Province.Shaanxi)
            .SelectMany(s => cities.Where(c => c.Province == Province.Jiangsu).Select(j => PartnershipKey(s, j)));
        var all = await Task.WhenAll(keys.Select(k => grains.GetGrain<IPartnershipGrain>(k).ListPairings()));
        return [.. all.SelectMany(p => p).Where(p => organizationId is null || p.PartyIds.Contains(organizationId))];
    }

    /// <summary>The grain key of the partnership between two cities: the Shaanxi city first.</summary>
    public static string PartnershipKey(Organization a, Organization b) =>
        a.Province == Province.Shaanxi ? $"{a.Id}-{b.Id}" : $"{b.Id}-{a.Id}";

    private IOrganizationDirectoryGrain Directory(string key) => grains.GetGrain<IOrganizationDirectoryGrain>(key);
}
