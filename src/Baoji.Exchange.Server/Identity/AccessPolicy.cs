using Baoji.Exchange.Server.Ledger;

namespace Baoji.Exchange.Server.Identity;

/// <summary>
/// Who may act for whom: a school for itself, a county bureau for itself and its schools, a city for
/// everything under it, the administrator for everything.
/// </summary>
public sealed class AccessPolicy(PartyResolver parties)
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

        // The registry walk that resolves a record's parties also gives the organisation's county and city.
        return (await parties.ResolveAsync(organizationId))?.Lineage().Contains(caller.OrganizationId) ?? false;
    }
}
