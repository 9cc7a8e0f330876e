using Baoji.Exchange.Contracts.Registry;

namespace Baoji.Exchange.Server.Identity;

/// <summary>
/// Who may act for whom: a school for itself, a county bureau for itself and its schools, a city for
/// everything under it, the administrator for everything.
/// </summary>
public sealed class AccessPolicy(IGrainFactory grains)
{
    public async Task<bool> CanActForAsync(Caller caller, string organizationId)
    {
        if (caller.IsAdmin)
        {
            return true;
        }

        if (caller.OrganizationId is null)
        {
            return false;
        }

        return (await LineageAsync(organizationId)).Contains(caller.OrganizationId);
    }

    /// <summary>The organisation and its ancestors (school → county → city), nearest first.</summary>
    public async Task<IReadOnlyList<string>> LineageAsync(string organizationId)
    {
        var lineage = new List<string>(3);
        string? current = organizationId;
        while (current is not null && lineage.Count < 4)
        {
            var organization = await grains.GetGrain<IOrganizationGrain>(current).Get();
            if (organization is null)
            {
                break;
            }

            lineage.Add(organization.Id);
            current = organization.ParentId;
        }

        return lineage;
    }
}
